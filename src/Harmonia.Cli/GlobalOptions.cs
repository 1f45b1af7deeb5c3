using System.CommandLine;
using Harmonia.Cli.Options;

namespace Harmonia.Cli;

/// <summary>Options accepted by every command (they may be given before or after the command name).</summary>
public sealed class GlobalOptions
{
    /// <summary><c>--verbose</c>: details and stack traces.</summary>
    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Print details, and the stack trace when a command fails.",
        Recursive = true,
    };

    /// <summary><c>--quiet</c>: no progress or status output.</summary>
    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Print no progress or status lines (results and errors are still printed).",
        Recursive = true,
    };

    /// <summary><c>--threads N</c>: sets <see cref="Harmonia.Tensors.EngineSettings.Threads"/> for the command (<see cref="Harmonia.Tensors.EngineSettings.UseThreads"/>).</summary>
    public Option<int?> Threads { get; } = CreateThreads();

    /// <summary>Adds the options to the root command.</summary>
    public void AddTo(Command root)
    {
        root.Options.Add(Verbose);
        root.Options.Add(Quiet);
        root.Options.Add(Threads);
    }

    private static Option<int?> CreateThreads()
    {
        var threads = NumberOptions.OptionalWholeNumber(
            "--threads",
            "Threads the tensor engine may use (default: all cores). Results are identical for any value.",
            min: 1,
            max: 1024);
        threads.Recursive = true;
        return threads;
    }
}
