namespace Harmonia.NN.Serialization;

/// <summary>
/// The one error the checkpoint readers throw for a file they cannot or will not load:
/// malformed, truncated, inconsistent, unsupported, over the size limits, or asking the
/// unpickler for code it refuses to run. The message names the file and the problem.
/// </summary>
/// <remarks>
/// Plain I/O failures that have nothing to do with the content (the file does not exist,
/// access denied) are not wrapped: they surface as the usual <see cref="IOException"/>s.
/// </remarks>
public sealed class CheckpointFormatException : Exception
{
    /// <summary>Creates the error for <paramref name="checkpoint"/> (a path or a name given by the caller).</summary>
    public CheckpointFormatException(string checkpoint, string problem)
        : base($"{checkpoint}: {problem}")
    {
        Checkpoint = checkpoint;
        Problem = problem;
    }

    /// <summary>Creates the error wrapping the lower-level cause that revealed the problem.</summary>
    public CheckpointFormatException(string checkpoint, string problem, Exception inner)
        : base($"{checkpoint}: {problem}", inner)
    {
        Checkpoint = checkpoint;
        Problem = problem;
    }

    /// <summary>The file path, or the name the caller gave to an in-memory checkpoint.</summary>
    public string Checkpoint { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
