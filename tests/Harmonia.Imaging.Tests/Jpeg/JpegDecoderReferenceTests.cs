using Harmonia.Imaging.Files;
using Harmonia.Imaging.Jpeg;
using Harmonia.Imaging;
using Xunit.Abstractions;

namespace Harmonia.Imaging.Tests.Jpeg;

/// <summary>Decodes the committed fixtures and compares with libjpeg-turbo's djpeg output stored next to them.</summary>
public sealed class JpegDecoderReferenceTests(ITestOutputHelper output)
{
    public static TheoryData<string> SequentialFixtures => new()
    {
        "baseline_444", "baseline_422", "baseline_420", "baseline_440", "baseline_411",
        "baseline_420_q100", "baseline_420_q10", "baseline_grey", "baseline_optimized", "extended_sof1",
        "restart_rows_420", "restart_blocks_444", "noninterleaved_420",
        "odd_17x13_420", "odd_1x1_420", "odd_2x2_420", "odd_33x65_422", "odd_7x9_440",
    };

    public static TheoryData<string> ProgressiveFixtures => new()
    {
        "progressive_420", "progressive_444", "progressive_grey", "progressive_restart_422", "progressive_odd_17x13",
    };

    [Theory]
    [MemberData(nameof(SequentialFixtures))]
    public void Sequential_file_matches_djpeg_within_one(string name)
    {
        var decoded = JpegDecoder.Decode(JpegFixtures.Jpeg(name), DecodeLimits.Default);
        var reference = JpegFixtures.Reference(name);
        int maxDifference = JpegFixtures.MaxAbsDifference(decoded, reference);
        output.WriteLine($"{name}: {decoded.Width}x{decoded.Height}x{decoded.Channels}, max |difference| vs djpeg = {maxDifference}");
        Assert.True(maxDifference <= 1, $"{name}: max difference {maxDifference} > 1");
    }

    [Theory]
    [MemberData(nameof(ProgressiveFixtures))]
    public void Progressive_file_matches_djpeg_within_one(string name)
    {
        var decoded = JpegDecoder.Decode(JpegFixtures.Jpeg(name), DecodeLimits.Default);
        var reference = JpegFixtures.Reference(name);
        int maxDifference = JpegFixtures.MaxAbsDifference(decoded, reference);
        output.WriteLine($"{name}: {decoded.Width}x{decoded.Height}x{decoded.Channels}, max |difference| vs djpeg = {maxDifference}");
        Assert.True(maxDifference <= 1, $"{name}: max difference {maxDifference} > 1");
    }
}
