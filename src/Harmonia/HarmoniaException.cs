namespace Harmonia;

/// <summary>
/// The base of the errors <see cref="Harmonizer"/> reports about the caller's data: an input that
/// is not a usable image or mask (<see cref="InvalidImageException"/>), or a model that cannot be
/// loaded (<see cref="ModelLoadException"/>). The message says which input or file is at fault
/// and what is wrong with it.
/// </summary>
/// <remarks>
/// Other failures keep their usual .NET types: <see cref="ArgumentException"/> for a bad argument
/// (such as a working size), <see cref="IOException"/> (for example <see cref="FileNotFoundException"/>)
/// when a file cannot be read or written, and <see cref="OperationCanceledException"/> on cancellation.
/// </remarks>
public abstract class HarmoniaException : Exception
{
    /// <summary>Creates the error with its message.</summary>
    protected HarmoniaException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>Which of the two inputs of a harmonization an error is about.</summary>
public enum ImageRole
{
    /// <summary>The composite photo, with the pasted object in it.</summary>
    Composite,
    /// <summary>The mask: white where the pasted object is, black elsewhere.</summary>
    Mask,
}

/// <summary>
/// A composite or mask that cannot be used: not a PNG or JPEG, damaged, empty, too large to decode,
/// or a mask whose size differs from the composite's.
/// </summary>
public sealed class InvalidImageException : HarmoniaException
{
    /// <summary>Creates the error; the message reads "the ROLE SOURCE: PROBLEM".</summary>
    public InvalidImageException(ImageRole role, string source, string problem, Exception? inner = null)
        : base($"the {RoleName(role)} {source}: {problem}", inner)
    {
        Role = role;
        Source = source;
        Problem = problem;
    }

    /// <summary>Whether the composite or the mask is at fault.</summary>
    public ImageRole Role { get; }

    /// <summary>The file path, or a description of an in-memory input (such as "(stream)").</summary>
    public new string Source { get; }

    /// <summary>What is wrong, without the input's name.</summary>
    public string Problem { get; }

    internal static string RoleName(ImageRole role) => role == ImageRole.Composite ? "composite" : "mask";
}

/// <summary>
/// A model that cannot be loaded: an unknown name, a preset without bundled weights, or a weights
/// file that is unreadable, malformed, or does not fit the architecture.
/// </summary>
public sealed class ModelLoadException : HarmoniaException
{
    /// <summary>Creates the error for <paramref name="model"/> (a model name or a weights file path).</summary>
    public ModelLoadException(string model, string problem, Exception? inner = null)
        : base($"{model}: {problem}", inner)
    {
        Model = model;
        Problem = problem;
    }

    /// <summary>The model name or weights file path that was asked for.</summary>
    public string Model { get; }

    /// <summary>What is wrong, without the model's name.</summary>
    public string Problem { get; }
}
