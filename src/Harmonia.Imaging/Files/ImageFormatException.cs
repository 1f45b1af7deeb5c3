namespace Harmonia.Imaging.Files;

/// <summary>
/// The one error type the codecs throw for a file they cannot or will not decode: corrupt,
/// truncated, unsupported, or over the configured limits. Callers add the file name.
/// </summary>
public sealed class ImageFormatException : Exception
{
    /// <summary>Creates the error with a message that says what is wrong.</summary>
    public ImageFormatException(string message) : base(message) { }
    /// <summary>Creates the error wrapping a lower-level cause.</summary>
    public ImageFormatException(string message, Exception inner) : base(message, inner) { }
}
