using System.Text.Json;
using Harmonia.Imaging;

namespace Harmonia.Data.Tests.Synthesis;

/// <summary>
/// tests/data/datasets/synthesis/color_references.json, written by make_color_references.py
/// (float32 torch re-implementations of torchvision's uint8 colour ops, float64 colour transfers).
/// </summary>
internal sealed class ColorReferenceFixture
{
    private static readonly Lazy<ColorReferenceFixture> Shared = new(() => new ColorReferenceFixture());
    private readonly JsonElement root;

    private ColorReferenceFixture()
    {
        root = JsonDocument.Parse(File.ReadAllText(TestDataPaths.Datasets("synthesis/color_references.json"))).RootElement;
        Image = ReadImage(root);
        Region = ReadMask(root);
        var target = root.GetProperty("target");
        Target = ReadImage(target);
        TargetRegion = ReadMask(target);
    }

    public static ColorReferenceFixture Instance => Shared.Value;

    public Image Image { get; }
    public Mask Region { get; }
    public Image Target { get; }
    public Mask TargetRegion { get; }

    /// <summary>The expected outputs (interleaved RGB bytes) of every case of <paramref name="op"/>, with its parameters.</summary>
    public IEnumerable<(JsonElement Params, byte[] Expected)> Cases(string op)
    {
        foreach (var entry in root.GetProperty("ops").EnumerateArray())
            if (entry.GetProperty("op").GetString() == op)
                yield return (entry.GetProperty("params"), entry.GetProperty("output").EnumerateArray().Select(v => (byte)v.GetInt32()).ToArray());
    }

    /// <summary>The colour-transfer cases: method name, strength, expected region pixels (interleaved RGB in raster order).</summary>
    public IEnumerable<(string Method, double Strength, byte[] RegionPixels)> Transfers()
    {
        foreach (var entry in root.GetProperty("transfers").EnumerateArray())
            yield return (entry.GetProperty("method").GetString()!, entry.GetProperty("strength").GetDouble(),
                entry.GetProperty("region_output").EnumerateArray().Select(v => (byte)v.GetInt32()).ToArray());
    }

    private static Image ReadImage(JsonElement e)
        => new(e.GetProperty("width").GetInt32(), e.GetProperty("height").GetInt32(), 3,
            e.GetProperty("image").EnumerateArray().Select(v => (byte)v.GetInt32()).ToArray());

    private static Mask ReadMask(JsonElement e)
        => new(e.GetProperty("width").GetInt32(), e.GetProperty("height").GetInt32(),
            e.GetProperty("region").EnumerateArray().Select(v => (float)v.GetInt32()).ToArray());
}
