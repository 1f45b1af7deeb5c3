using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Harmonia.Cli.Errors;

/// <summary>
/// The parser's errors as <see cref="ErrorLine"/>s, in the wording of every other error: System.CommandLine
/// writes "Unrecognized command or argument '--sise'." or "Argument 'x' not recognized. Must be one of: ...";
/// the user reads <c>error: run: --sise: unknown option; did you mean '--size'?</c> and
/// <c>error: run: --model: unknown value 'x'; use one of ...</c>. The options' own checks already name
/// their option first ("--size expects ..."); the option becomes the subject.
/// </summary>
public static partial class UsageErrors
{
    /// <summary>One line per distinct parse error of <paramref name="parse"/>. When an option is unknown, only the
    /// unknown options are reported: the words after a mistyped option are misread, so their errors mislead.</summary>
    public static IReadOnlyList<ErrorLine> Describe(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var command = parse.CommandResult.Command;
        var commandName = command is RootCommand ? CliRunner.ProgramName : command.Name;
        var lines = parse.Errors
            .Select(error => Describe(error, parse))
            .Where(line => line is not null)
            .Select(line => new ErrorLine(commandName, line!.Value.Subject, line.Value.Problem))
            .Distinct()
            .ToList();
        if (lines.Any(line => line.Problem.StartsWith(UnknownOption, StringComparison.Ordinal)))
            lines.RemoveAll(line => !line.Problem.StartsWith(UnknownOption, StringComparison.Ordinal));
        // "Required command was not provided" only repeats what an unknown command's own error says.
        if (lines.Count > 1)
            lines.RemoveAll(line => line.Problem == NoCommand);
        return lines;
    }

    private const string UnknownOption = "unknown option";
    private const string NoCommand = "no command given";

    private static (string? Subject, string Problem)? Describe(ParseError error, ParseResult parse)
    {
        var message = error.Message;
        if (UnrecognizedToken().Match(message) is { Success: true } unrecognized)
            return Unrecognized(unrecognized.Groups[1].Value, parse);
        if (RequiredValueMissing().Match(message) is { Success: true } noValue)
            return (noValue.Groups[1].Value, "needs a value");
        if (TooManyValues().Match(message) is { Success: true } tooMany)
            return (tooMany.Groups[1].Value, $"takes one value, got {tooMany.Groups[2].Value}");
        if (RequiredOptionMissing().Match(message) is { Success: true } requiredOption)
            return (null, $"{requiredOption.Groups[1].Value} is required");
        if (RequiredArgumentMissing().Match(message) is { Success: true } requiredArgument)
            return (null, $"{requiredArgument.Groups[1].Value} is missing");
        if (message.StartsWith("Required command was not provided", StringComparison.Ordinal))
            return (null, NoCommand);

        var option = OptionOf(error.SymbolResult);
        if (NotOneOf().Match(message) is { Success: true } notOneOf)
        {
            var choices = ChoiceList().Matches(notOneOf.Groups[2].Value).Select(choice => choice.Groups[1].Value);
            return (option?.Name, $"unknown value '{notOneOf.Groups[1].Value}'; use one of {string.Join(", ", choices)}");
        }
        if (CannotParse().Match(message) is { Success: true } cannotParse)
            return (option?.Name ?? cannotParse.Groups[2].Value, $"'{cannotParse.Groups[1].Value}' is not a valid value");
        // The options' own checks: "--size expects 'native' or ..." or "--recipe: unknown recipe ...".
        if (option is not null && message.StartsWith(option.Name + " ", StringComparison.Ordinal))
            return (option.Name, message[(option.Name.Length + 1)..]);
        if (option is not null && message.StartsWith(option.Name + ": ", StringComparison.Ordinal))
            return (option.Name, message[(option.Name.Length + 2)..]);
        // A command's check about one option: "--recipe: unknown recipe ...".
        if (option is null && OptionFirst().Match(message) is { Success: true } aboutOption)
            return (aboutOption.Groups[1].Value, aboutOption.Groups[2].Value);
        return (option?.Name, message);
    }

    private static (string? Subject, string Problem) Unrecognized(string typed, ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        string problem;
        IEnumerable<string> known;
        if (typed.StartsWith('-') && typed.Length > 1)
        {
            problem = UnknownOption;
            known = command.Options.Concat(parse.RootCommandResult.Command.Options.Where(option => option.Recursive))
                .SelectMany(option => option.Aliases.Prepend(option.Name));
        }
        else if (command.Subcommands.Count > 0)
        {
            problem = "unknown command";
            known = command.Subcommands.Select(subcommand => subcommand.Name).Append(CliRunner.HelpCommand);
        }
        else
        {
            return (typed, "unexpected argument");
        }
        var guess = TypoSuggestion.Closest(typed, known.Where(name => name.Length > 2));
        return (typed, guess is null ? problem : $"{problem}; did you mean '{guess}'?");
    }

    private static Option? OptionOf(SymbolResult? result) => result switch
    {
        OptionResult option => option.Option,
        ArgumentResult { Parent: OptionResult option } => option.Option,
        _ => null,
    };

    [GeneratedRegex(@"^Unrecognized command or argument '(.+)'\.$")]
    private static partial Regex UnrecognizedToken();

    [GeneratedRegex(@"^Required argument missing for option: '(.+)'\.$")]
    private static partial Regex RequiredValueMissing();

    [GeneratedRegex(@"^Option '(.+)' expects a single argument but (\d+) were provided\.$")]
    private static partial Regex TooManyValues();

    [GeneratedRegex(@"^Option '(.+)' is required\.$")]
    private static partial Regex RequiredOptionMissing();

    [GeneratedRegex(@"^Required argument '(.+)' missing for command: '.+'\.$")]
    private static partial Regex RequiredArgumentMissing();

    [GeneratedRegex(@"^Argument '(.*)' not recognized\. Must be one of:(.*)$", RegexOptions.Singleline)]
    private static partial Regex NotOneOf();

    [GeneratedRegex(@"^(--?[a-z][a-z0-9-]*): (.+)$", RegexOptions.Singleline)]
    private static partial Regex OptionFirst();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex ChoiceList();

    [GeneratedRegex(@"^Cannot parse argument '(.*)' for (?:option|command) '(.+)' as expected type")]
    private static partial Regex CannotParse();
}
