using System.Runtime.InteropServices;
using Harmonia.Cli.Commands;

namespace Harmonia.Cli;

/// <summary>Entry point of the <c>harmonia</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line on the process console; Ctrl-C and SIGTERM cancel the running command.</summary>
    public static int Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        var signalExitCode = 0;

        void RequestCancellation(PosixSignalContext signal, int exitCode)
        {
            // The first signal asks the command to stop cleanly; a second one gets the default behavior
            // (immediate termination), so a command that ignores cancellation can still be killed.
            if (cancellation.IsCancellationRequested)
                return;
            signal.Cancel = true;
            signalExitCode = exitCode;
            cancellation.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => RequestCancellation(signal, ExitCodes.Interrupted));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => RequestCancellation(signal, ExitCodes.Terminated));

        var exitCode = Run(args, CliConsole.FromProcessConsole(), cancellation.Token);
        return exitCode == ExitCodes.Interrupted && signalExitCode != 0 ? signalExitCode : exitCode;
    }

    /// <summary>Runs the command line in-process, writing to the given writers (never a terminal);
    /// returns the exit code. Used by tests and by anything embedding the CLI.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        Run(args, new CliConsole(stdout, stderr, IsInteractive: false), CancellationToken.None);

    /// <summary>Runs the command line with every subcommand of <see cref="CommandCatalog"/>.</summary>
    public static int Run(string[] args, CliConsole console, CancellationToken cancellation) =>
        new CliRunner(CommandCatalog.CreateAll()).Run(args, console, cancellation);
}
