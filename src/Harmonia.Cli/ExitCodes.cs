namespace Harmonia.Cli;

/// <summary>The process exit codes of <c>harmonia</c>; scripts and CI rely on them.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command failed while running (bad file, I/O failure, model error...).</summary>
    public const int RuntimeError = 1;

    /// <summary>The command line itself was wrong: unknown option, missing or conflicting options, bad value.</summary>
    public const int UsageError = 2;

    /// <summary>Interrupted by Ctrl-C (128 + SIGINT, the shell convention).</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM (128 + SIGTERM, the shell convention).</summary>
    public const int Terminated = 143;
}
