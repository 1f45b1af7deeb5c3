using Harmonia.Imaging.Files;
using Harmonia.Imaging.Jpeg;
using Harmonia.Imaging.Png;
using Harmonia.Imaging;
using Harmonia.NN.Serialization;

namespace Harmonia.Fuzz;

/// <summary>
/// The four readers of untrusted files, each as a fuzz target: it reads one input and returns
/// normally whether the input was accepted or refused with the reader's own format error. Any
/// other exception, a hang or running out of the heap limit is a finding. "png-structured" feeds
/// the PNG reader containers built from the input with correct checksums (<see cref="StructuredPng"/>),
/// so mutations reach its pixel paths.
/// </summary>
internal static class FuzzTargets
{
    /// <summary>Target names (the corpus folders under fuzz/corpus) and what each runs.</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>
    {
        ["jpeg"] = Jpeg,
        ["png"] = Png,
        ["png-structured"] = input => Png(StructuredPng.Build(input)),
        ["safetensors"] = SafeTensors,
        ["pth"] = Pth,
    };

    private static void Jpeg(byte[] input)
    {
        try
        {
            JpegDecoder.Decode(input, DecodeLimits.Default);
        }
        catch (ImageFormatException)
        {
        }
    }

    private static void Png(byte[] input)
    {
        try
        {
            PngDecoder.Decode(input, DecodeLimits.Default);
        }
        catch (ImageFormatException)
        {
        }
    }

    private static void SafeTensors(byte[] input)
    {
        try
        {
            SafeTensorsFile.Read(input, "fuzz.safetensors");
        }
        catch (CheckpointFormatException)
        {
        }
    }

    private static void Pth(byte[] input)
    {
        try
        {
            using var stream = new MemoryStream(input, writable: false);
            PyTorchCheckpoint.Read(stream, "fuzz.pth");
        }
        catch (CheckpointFormatException)
        {
        }
    }
}
