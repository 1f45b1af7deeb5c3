using System.Reflection;
using Harmonia.NN.Serialization;

namespace Harmonia;

/// <summary>
/// The trained weights embedded in this assembly (the repository's <c>models/*.safetensors</c> at
/// build time), so a program that references the package needs no files beside it.
/// </summary>
internal static class BundledWeights
{
    private const string ResourcePrefix = "Harmonia.Weights.";

    /// <summary>Whether weights named <paramref name="fileName"/> (e.g. "hdnet-lite.safetensors") are embedded.</summary>
    public static bool Contains(string fileName) => Assembly.GetManifestResourceInfo(ResourcePrefix + fileName) is not null;

    /// <summary>The embedded file <paramref name="fileName"/>, byte for byte; null when it is not embedded.</summary>
    public static byte[]? ReadBytes(string fileName)
    {
        using var stream = Assembly.GetManifestResourceStream(ResourcePrefix + fileName);
        if (stream is null) return null;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Parses the embedded file <paramref name="fileName"/>; null when it is not embedded.</summary>
    public static StateDict? Read(string fileName)
    {
        var bytes = ReadBytes(fileName);
        return bytes is null ? null : SafeTensorsFile.Read(bytes, $"bundled {fileName}");
    }

    private static Assembly Assembly => typeof(BundledWeights).Assembly;
}
