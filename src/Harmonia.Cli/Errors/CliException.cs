namespace Harmonia.Cli.Errors;

/// <summary>
/// A runtime failure the user can act on. The command line prints it as the single line
/// <c>error: COMMAND: {What}: {Why}</c> (<see cref="ErrorLine"/>; a What equal to the command's name is
/// left out) and exits with <see cref="ExitCodes.RuntimeError"/>.
/// </summary>
/// <example><c>throw new CliException("/tmp/x.png", "not a PNG or JPEG file");</c></example>
public class CliException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="what">The thing that is wrong: usually a path, otherwise the command or option name.</param>
    /// <param name="why">What is wrong with it, in a few words, no trailing period needed.</param>
    public CliException(string what, string why) : base($"{what}: {why}")
    {
        What = what;
        Why = why;
    }

    /// <summary>Creates the error, keeping the lower-level cause for <c>--verbose</c> output.</summary>
    public CliException(string what, string why, Exception inner) : base($"{what}: {why}", inner)
    {
        What = what;
        Why = why;
    }

    /// <summary>The thing that is wrong (a path, a command, an option).</summary>
    public string What { get; }

    /// <summary>What is wrong with it.</summary>
    public string Why { get; }
}
