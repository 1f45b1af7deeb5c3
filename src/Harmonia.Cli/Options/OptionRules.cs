using System.CommandLine;
using System.CommandLine.Parsing;

namespace Harmonia.Cli.Options;

/// <summary>
/// Rules between options of one command (conflicts, dependencies), checked by the parser so that a
/// violation is a usage error (exit 2) with a clear message, before any work starts.
/// </summary>
public static class OptionRules
{
    /// <summary>At most one of <paramref name="options"/> may be given.</summary>
    public static void MutuallyExclusive(Command command, params Option[] options) =>
        command.Validators.Add(result =>
        {
            var given = options.Where(option => IsGiven(result, option)).ToList();
            if (given.Count > 1)
                result.AddError($"{JoinNames(given, "and")} cannot be used together; give only one of them.");
        });

    /// <summary>Exactly one of <paramref name="options"/> must be given.</summary>
    public static void ExactlyOneOf(Command command, params Option[] options) => ExactlyOneOf(command, null, options);

    /// <summary>Exactly one of <paramref name="options"/> must be given, unless <paramref name="whenNotGiven"/> has
    /// values (another form of the command, checked by its own rule).</summary>
    public static void ExactlyOneOf(Command command, Argument? whenNotGiven, params Option[] options) =>
        command.Validators.Add(result =>
        {
            if (whenNotGiven is not null && result.GetResult(whenNotGiven) is { Tokens.Count: > 0 })
                return;
            var given = options.Where(option => IsGiven(result, option)).ToList();
            if (given.Count == 0)
                result.AddError($"One of {JoinNames(options, "or")} is required.");
            else if (given.Count > 1)
                result.AddError($"{JoinNames(given, "and")} cannot be used together; give only one of them.");
        });

    /// <summary>At least one of <paramref name="options"/> must be given.</summary>
    public static void AtLeastOneOf(Command command, params Option[] options) =>
        command.Validators.Add(result =>
        {
            if (!options.Any(option => IsGiven(result, option)))
                result.AddError($"One of {JoinNames(options, "or")} is required.");
        });

    /// <summary>When <paramref name="option"/> is given, <paramref name="required"/> must be given too.</summary>
    public static void Requires(Command command, Option option, Option required) =>
        command.Validators.Add(result =>
        {
            if (IsGiven(result, option) && !IsGiven(result, required))
                result.AddError($"{option.Name} requires {required.Name}.");
        });

    /// <summary><paramref name="option"/> may only be given together with at least one of <paramref name="anyOf"/>.</summary>
    public static void OnlyWith(Command command, Option option, params Option[] anyOf) =>
        command.Validators.Add(result =>
        {
            if (IsGiven(result, option) && !anyOf.Any(other => IsGiven(result, other)))
                result.AddError($"{option.Name} can only be used with {JoinNames(anyOf, "or")}.");
        });

    /// <summary><paramref name="option"/> may not be given when <paramref name="other"/> is <paramref name="value"/>, which ignores it.</summary>
    public static void NotWhen(Command command, Option option, Option<string> other, string value) =>
        command.Validators.Add(result =>
        {
            if (IsGiven(result, option) && result.GetValue(other) == value)
                result.AddError($"{option.Name} has no effect with {other.Name} {value}.");
        });

    /// <summary>Whether the user typed <paramref name="option"/> (a default value does not count).</summary>
    public static bool IsGiven(CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };

    private static string JoinNames(IReadOnlyList<Option> options, string conjunction) =>
        options.Count == 1
            ? options[0].Name
            : $"{string.Join(", ", options.Take(options.Count - 1).Select(o => o.Name))} {conjunction} {options[^1].Name}";
}
