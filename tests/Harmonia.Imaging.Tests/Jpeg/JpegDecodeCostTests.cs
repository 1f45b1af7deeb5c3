using Harmonia.Imaging.Files;
using Harmonia.Imaging.Jpeg;

namespace Harmonia.Imaging.Tests.Jpeg;

/// <summary>
/// A JPEG's decode must cost time and memory in proportion to the pixels it declares and the
/// bytes it carries (issue 13, defects 3 and 4; <see cref="DecodeLimits"/> documents the rules).
/// </summary>
public class JpegDecodeCostTests
{
    private const int Side = 1024; // 128 x 128 = 16,384 blocks

    private static byte[] ProgressiveScan(int spectralStart, int spectralEnd, int approximationHigh, int approximationLow) =>
        JpegSegments.Segment(0xDA, 1, 1, 0x00, (byte)spectralStart, (byte)spectralEnd, (byte)(approximationHigh << 4 | approximationLow));

    /// <summary>
    /// A valid-looking progressive grey 1024² file: a DC scan of one bit per block, an AC scan
    /// that is one end-of-band run over all blocks, then <paramref name="refinements"/> AC
    /// refinement scans that are each one end-of-band run too (two bytes of data per scan).
    /// </summary>
    private static byte[] RefinementHeavyFile(int refinements)
    {
        byte[] endOfBandRunOverAllBlocks = [0x00, 0x01]; // code "0" = EOB14, 14 extra bits 0 (16,384 blocks), padding
        var file = new List<byte> { 0xFF, 0xD8 };
        file.AddRange(JpegSegments.FlatQuantizationTable());
        file.AddRange(JpegSegments.GreyFrame(Side, Side, marker: 0xC2));
        file.AddRange(JpegSegments.HuffmanTable(0, 0, [1], [0x00])); // DC: "0" = difference 0
        file.AddRange(JpegSegments.HuffmanTable(1, 0, [1], [0xE0])); // AC: "0" = EOB run of 2^14 + 14 bits
        file.AddRange(ProgressiveScan(0, 0, 0, 0));
        file.AddRange(new byte[Side / 8 * (Side / 8) / 8]); // one zero bit per block
        file.AddRange(ProgressiveScan(1, 63, 0, 1));
        file.AddRange(endOfBandRunOverAllBlocks);
        for (int i = 0; i < refinements; i++)
        {
            file.AddRange(ProgressiveScan(1, 63, 1, 0));
            file.AddRange(endOfBandRunOverAllBlocks);
        }
        file.AddRange(new byte[] { 0xFF, 0xD9 });
        return file.ToArray();
    }

    [Fact]
    public void Progressive_file_with_a_few_refinement_scans_decodes()
    {
        var image = JpegDecoder.Decode(RefinementHeavyFile(refinements: 8), DecodeLimits.Default);

        Assert.Equal((Side, Side, 1), (image.Width, image.Height, image.Channels));
        Assert.All(image.Pixels, p => Assert.Equal(128, p)); // all coefficients zero: mid grey
    }

    [Fact]
    public void Refinement_scans_that_pass_over_every_block_too_often_are_refused()
    {
        // 40 scans is far under the 1,000-scan cap, but 41 passes over all 63 AC coefficients is
        // more than the 16 passes allowed; with 1,000 scans this shape took 17 s at 4096².
        byte[] file = RefinementHeavyFile(refinements: 40);

        var error = Assert.Throws<ImageFormatException>(() => JpegDecoder.Decode(file, DecodeLimits.Default));

        Assert.Contains($"more than {DecodeLimits.JpegMaxCoefficientPasses} times", error.Message);
    }

    [Fact]
    public void Fuzzer_found_refinement_bomb_is_refused_before_allocating()
    {
        // 29 KB declaring 4096² (262,144 blocks) with 1,000 refinement scans: 17 s before the limits.
        byte[] file = File.ReadAllBytes(TestDataPaths.Hostile("jpeg_refine_bomb_4096.jpg"));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageFormatException>(() => JpegDecoder.Decode(file, DecodeLimits.Default));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("4096x4096", error.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Fuzzer_found_file_whose_restart_intervals_are_all_skipped_is_refused_before_allocating()
    {
        // 579 bytes declaring a 10000² CMYK image: 1.43 GB of allocations and an 8 GB run before the limits.
        byte[] file = File.ReadAllBytes(TestDataPaths.Hostile("jpeg_restart_skip_cmyk.jpg"));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageFormatException>(() => JpegDecoder.Decode(file, DecodeLimits.Default));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("most of its image data is missing", error.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void File_with_exactly_one_bit_per_block_is_enough_for_its_frame()
    {
        // The same 1024² file cut to its DC scan: 2,048 bytes of data code its 16,384 blocks.
        byte[] whole = RefinementHeavyFile(refinements: 0);
        var decodes = JpegDecoder.Decode(whole, DecodeLimits.Default);
        Assert.Equal(Side, decodes.Width);

        // Declaring twice the blocks (1024 x 2048) from the same bytes cannot be right.
        byte[] taller = [.. whole];
        int frame = JpegSegments.List(taller).First(m => m.Code == 0xC2).Offset;
        taller[frame + 5] = 2048 >> 8; // height, big-endian, after FF C2, length, precision
        taller[frame + 6] = 2048 & 0xFF;
        Assert.Contains("most of its image data is missing", Assert.Throws<ImageFormatException>(() => JpegDecoder.Decode(taller, DecodeLimits.Default)).Message);
    }
}
