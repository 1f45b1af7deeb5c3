namespace Harmonia.Data.Synthesis;

/// <summary>
/// Synthesis cannot run as asked: the inputs are unusable as a whole, JPEG output is not
/// available, or the output folder holds something else (another synthesis or foreign files).
/// Problems with single photos are not errors; they are reported in <see cref="SynthesisReport.Skipped"/>.
/// </summary>
public sealed class SynthesisException : Exception
{
    /// <summary>Creates the error with a message that says what is wrong.</summary>
    public SynthesisException(string message) : base(message) { }

    /// <summary>Creates the error wrapping a lower-level cause.</summary>
    public SynthesisException(string message, Exception inner) : base(message, inner) { }
}
