using System.CommandLine;

namespace Harmonia.Cli.Options;

/// <summary>
/// The rule that an output image path ends in an extension <c>harmonia</c> can encode (.png, .jpg,
/// .jpeg, any case): the format is chosen from it, so anything else is a usage error, found before work starts.
/// </summary>
public static class ImageOutputPath
{
    /// <summary>The extensions accepted, lower case with the dot.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".png", ".jpg", ".jpeg"];

    /// <summary>Whether <paramref name="path"/> ends in a supported image extension.</summary>
    public static bool HasSupportedExtension(string path) =>
        Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Adds a parser check to <paramref name="command"/>: the value of <paramref name="output"/> must
    /// have a supported extension, when <paramref name="onlyWith"/> is null or given too.</summary>
    public static void Require(Command command, Option output, Option? onlyWith = null) =>
        command.Validators.Add(result =>
        {
            if (onlyWith is not null && !OptionRules.IsGiven(result, onlyWith))
                return;
            if (result.GetResult(output) is not { Tokens.Count: > 0 } given)
                return; // a missing --out is reported by the option itself
            var path = given.Tokens[0].Value;
            if (path is not null && !HasSupportedExtension(path))
                result.AddError($"{output.Name} '{path}' must end in .png, .jpg or .jpeg (the format is chosen from the extension).");
        });
}
