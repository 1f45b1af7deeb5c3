namespace Harmonia.Data.Datasets;

/// <summary>
/// A dataset cannot be used as given: a list file or manifest is malformed, a file it names is
/// missing, or a sample's files do not fit together. The message names the offending file (and
/// the list line, when there is one).
/// </summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the error with a message that says what is wrong and where.</summary>
    public DatasetException(string message) : base(message) { }

    /// <summary>Creates the error wrapping a lower-level cause.</summary>
    public DatasetException(string message, Exception inner) : base(message, inner) { }
}
