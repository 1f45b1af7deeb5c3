using Harmonia.Imaging.Files;
using Harmonia.Imaging.Jpeg;
using Harmonia.Imaging;
using Xunit.Abstractions;

namespace Harmonia.Imaging.Tests.Jpeg;

/// <summary>
/// Malformed, hostile and damaged input: every failure must be an <see cref="ImageFormatException"/>
/// that says what is wrong, nothing may hang or allocate more than the limits allow, and the
/// tolerances (fill bytes, extra segments, restart resynchronisation) must give the right pixels.
/// </summary>
public sealed class JpegRobustnessTests(ITestOutputHelper output)
{
    private static Image Decode(byte[] file) => JpegDecoder.Decode(file, DecodeLimits.Default);

    private static string DecodeError(byte[] file, DecodeLimits? limits = null) =>
        Assert.Throws<ImageFormatException>(() => JpegDecoder.Decode(file, limits ?? DecodeLimits.Default)).Message;

    [Fact]
    public void Seeded_random_mutations_only_ever_raise_ImageFormatException()
    {
        string[] sources = ["baseline_420", "progressive_420", "restart_blocks_444", "progressive_restart_422", "odd_17x13_420", "cmyk", "exif_orientation_6"];
        var random = new Random(20240611);
        int decoded = 0, rejected = 0;
        const int mutationsPerSource = 700;
        foreach (string name in sources)
        {
            byte[] original = JpegFixtures.Jpeg(name);
            for (int i = 0; i < mutationsPerSource; i++)
            {
                byte[] mutant = Mutate(original, random);
                try
                {
                    var image = Decode(mutant);
                    Assert.True(image.Width > 0 && image.Height > 0);
                    decoded++;
                }
                catch (ImageFormatException e)
                {
                    Assert.False(string.IsNullOrWhiteSpace(e.Message));
                    rejected++;
                }
            }
        }
        output.WriteLine($"{decoded} mutants decoded, {rejected} rejected with ImageFormatException");
        Assert.Equal(sources.Length * mutationsPerSource, decoded + rejected);
        Assert.True(rejected > 0 && decoded > 0, "mutations should produce both decodable and undecodable files");
    }

    [Fact]
    public void Baseline_file_truncated_anywhere_before_its_end_marker_is_refused()
    {
        byte[] file = JpegFixtures.Jpeg("odd_17x13_420");
        var complete = Decode(file);
        for (int length = 0; length < file.Length - 2; length++)
        {
            string message = DecodeError(file[..length]);
            Assert.Matches("truncated|Not a JPEG|ends", message);
        }
        // Only the EOI marker missing: the image data is complete, which is accepted.
        Assert.Equal(complete.Pixels, Decode(file[..^2]).Pixels);
        Assert.Equal(complete.Pixels, Decode(file[..^1]).Pixels);
    }

    [Fact]
    public void Progressive_file_truncated_at_every_length_decodes_or_raises_ImageFormatException()
    {
        byte[] file = JpegFixtures.Jpeg("progressive_odd_17x13");
        int decoded = 0;
        for (int length = 0; length < file.Length; length++)
        {
            try
            {
                var image = Decode(file[..length]);
                Assert.Equal((17, 13), (image.Width, image.Height));
                decoded++;
            }
            catch (ImageFormatException) { }
        }
        // Cut between scans, a progressive file still holds a complete (coarser) image.
        output.WriteLine($"{decoded} of {file.Length} truncations decode as a coarser image");
        Assert.InRange(decoded, 1, file.Length - 1);
    }

    [Fact]
    public void Decompression_bomb_header_is_refused_before_allocating()
    {
        byte[] bomb = [0xFF, 0xD8, .. JpegSegments.FlatQuantizationTable(), .. JpegSegments.GreyFrame(60000, 60000), 0xFF, 0xD9];
        long before = GC.GetAllocatedBytesForCurrentThread();
        string message = DecodeError(bomb);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("60000x60000", message);
        Assert.Contains("limit", message);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes before refusing");
    }

    [Fact]
    public void Very_thin_image_is_refused_when_its_block_padding_exceeds_the_limits()
    {
        // 2 x 40000 = 80,000 pixels is under the limit, but its 8-pixel-wide blocks need 320,000.
        var limits = new DecodeLimits(100_000);
        byte[] thin = [0xFF, 0xD8, .. JpegSegments.FlatQuantizationTable(), .. JpegSegments.GreyFrame(2, 40000), 0xFF, 0xD9];
        Assert.Contains("block storage", DecodeError(thin, limits));
    }

    [Fact]
    public void Image_over_a_custom_pixel_limit_is_refused()
    {
        var limits = new DecodeLimits(48 * 32 - 1);
        Assert.Contains("over the limit", DecodeError(JpegFixtures.Jpeg("baseline_444"), limits));
        Assert.Equal(48, JpegDecoder.Decode(JpegFixtures.Jpeg("baseline_444"), new DecodeLimits(48 * 32)).Width);
    }

    public static TheoryData<string, byte[], string> MalformedFiles => new()
    {
        { "empty", [], "Not a JPEG" },
        { "PNG signature", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "Not a JPEG" },
        { "only SOI", [0xFF, 0xD8], "no frame header" },
        { "12-bit", [0xFF, 0xD8, .. JpegSegments.GreyFrame(8, 8, precision: 12)], "12-bit" },
        { "zero width", [0xFF, 0xD8, .. JpegSegments.GreyFrame(0, 8)], "width is 0" },
        { "zero height (DNL)", [0xFF, 0xD8, .. JpegSegments.GreyFrame(8, 0)], "DNL" },
        { "sampling factor 0", [0xFF, 0xD8, .. JpegSegments.GreyFrame(8, 8, sampling: 0x01)], "sampling factors" },
        { "sampling factor 5", [0xFF, 0xD8, .. JpegSegments.GreyFrame(8, 8, sampling: 0x51)], "sampling factors" },
        { "two components", [0xFF, 0xD8, .. JpegSegments.Segment(0xC0, 8, 0, 8, 0, 8, 2, 1, 0x11, 0, 2, 0x11, 0)], "2 colour components" },
        { "255 components", [0xFF, 0xD8, .. JpegSegments.Segment(0xC0, 8, 0, 8, 0, 8, 255)], "255 colour components" },
        { "frame length mismatch", [0xFF, 0xD8, .. JpegSegments.Segment(0xC0, 8, 0, 8, 0, 8, 3, 1, 0x11, 0)], "does not match" },
        { "lossless", [0xFF, 0xD8, .. JpegSegments.GreyFrame(8, 8, marker: 0xC3)], "lossless" },
        { "hierarchical", [0xFF, 0xD8, .. JpegSegments.GreyFrame(8, 8, marker: 0xC5)], "hierarchical" },
        { "segment length 1", [0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x01], "segment length 1" },
        { "segment past end", [0xFF, 0xD8, 0xFF, 0xFE, 0x10, 0x00, 1, 2, 3], "truncated" },
        { "Huffman table overflow", [0xFF, 0xD8, .. JpegSegments.HuffmanTable(0, 0, [3], [0, 1, 2])], "too many codes of length 1" },
        { "Huffman DC symbol 16", [0xFF, 0xD8, .. JpegSegments.HuffmanTable(0, 0, [1], [16])], "DC symbol 16" },
        { "Huffman class 2", [0xFF, 0xD8, .. JpegSegments.Segment(0xC4, [0x20, .. new byte[16]])], "class 2" },
        { "Huffman symbols missing", [0xFF, 0xD8, .. JpegSegments.Segment(0xC4, [0x00, 5, .. new byte[15], 0, 1])], "shorter than its symbols" },
        { "quantization precision 2", [0xFF, 0xD8, .. JpegSegments.Segment(0xDB, [0x20, .. new byte[64]])], "precision" },
        { "quantization table short", [0xFF, 0xD8, .. JpegSegments.Segment(0xDB, [0x00, .. new byte[10]])], "shorter" },
        { "scan before frame", [0xFF, 0xD8, .. JpegSegments.GreyScan()], "before the frame header" },
        { "two frames", [0xFF, 0xD8, .. JpegSegments.GreyFrame(8, 8), .. JpegSegments.GreyFrame(8, 8)], "more than one frame" },
        { "second SOI", [0xFF, 0xD8, 0xFF, 0xD8], "second SOI" },
        { "EOI before any scan", [0xFF, 0xD8, .. JpegSegments.GreyFrame(8, 8), 0xFF, 0xD9], "before component 1 was coded" },
        { "scan names missing component", [0xFF, 0xD8, .. JpegSegments.FlatQuantizationTable(), .. JpegSegments.GreyFrame(8, 8), .. JpegSegments.GreyScan(componentId: 7)], "component id 7 is not in the frame" },
        { "scan without quantization table", [0xFF, 0xD8, .. JpegSegments.GreyFrame(8, 8), .. JpegSegments.GreyScan()], "quantization table 0, which was never defined" },
        {
            "scan uses missing Huffman table",
            [0xFF, 0xD8, .. JpegSegments.FlatQuantizationTable(), .. JpegSegments.GreyFrame(8, 8), .. JpegSegments.HuffmanTable(0, 0, [1], [0]), .. JpegSegments.GreyScan(acSlot: 2)],
            "AC Huffman table 2, which was never defined"
        },
        {
            "fractional sampling ratio",
            [0xFF, 0xD8, .. JpegSegments.Segment(0xC0, 8, 0, 8, 0, 8, 3, 1, 0x31, 0, 2, 0x21, 0, 3, 0x11, 0)],
            "not an integer fraction of 3x1"
        },
        { "progressive DC scan with Se > 0", JpegSegments.ProgressiveGreyScanHeader(0, 5, 0, 0), "DC scan must have Se = 0" },
        { "progressive band backwards", JpegSegments.ProgressiveGreyScanHeader(9, 2, 0, 0), "spectral band 9..2" },
        { "progressive band past 63", JpegSegments.ProgressiveGreyScanHeader(1, 64, 0, 0), "spectral band 1..64" },
        { "progressive Ah not Al + 1", JpegSegments.ProgressiveGreyScanHeader(1, 63, 3, 1), "Ah=3, Al=1" },
        { "progressive Al over 13", JpegSegments.ProgressiveGreyScanHeader(0, 0, 0, 14), "Al=14" },
        // DC "0", then 0xF1 four times (k = 16, 32, 48, then 64): the last coefficient lands past index 63.
        { "coefficient past 63", JpegSegments.TinyGreyFile([0b0010_1010, 0b1011_1111]), "past 63" },
        // DC "0" then "11": a bit pattern that is no code of the AC table.
        { "invalid Huffman code", JpegSegments.TinyGreyFile([0b0111_1111]), "matches no Huffman code" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Malformed_file_is_refused_with_a_message_naming_the_problem(string what, byte[] file, string expectedMessagePart)
    {
        string message = DecodeError(file);
        output.WriteLine($"{what}: {message}");
        Assert.Contains(expectedMessagePart, message);
    }

    [Fact]
    public void Handmade_tiny_file_with_valid_coefficients_decodes()
    {
        // Control for the "coefficient past 63" case above: three 0xF1 symbols then EOB is valid.
        // Bits: DC "0", 3 x ("0" code, "1" value bit), EOB "10", padding ones.
        var image = Decode(JpegSegments.TinyGreyFile([0b0010_1011, 0b0111_1111]));
        Assert.Equal((8, 8, 1), (image.Width, image.Height, image.Channels));
    }

    [Fact]
    public void Arithmetic_coded_file_is_refused_clearly()
    {
        Assert.Contains("arithmetic coding is not supported", DecodeError(JpegFixtures.Jpeg("arithmetic")));
    }

    [Fact]
    public void Fill_bytes_and_extra_segments_between_markers_do_not_change_the_result()
    {
        byte[] file = JpegFixtures.Jpeg("progressive_420");
        var expected = Decode(file);
        var padded = new List<byte>(file[..2]);
        foreach (var marker in JpegSegments.List(file).Skip(1))
        {
            if (marker.Code is >= 0xD0 and <= 0xD7) continue; // restart markers are part of scan data
            // Before each segment: a comment, an unknown APP15 segment and some 0xFF fill bytes.
            padded.AddRange(JpegSegments.Segment(0xFE, "test comment"u8.ToArray()));
            padded.AddRange(JpegSegments.Segment(0xEF, 1, 2, 3));
            padded.AddRange([0xFF, 0xFF, 0xFF]);
            int next = marker.Code == 0xD9 ? file.Length : NextSegmentStart(file, marker);
            padded.AddRange(file[marker.Offset..next]);
        }
        Assert.Equal(expected.Pixels, Decode(padded.ToArray()).Pixels);
    }

    [Fact]
    public void Damaged_restart_interval_is_skipped_and_the_rest_of_the_image_is_intact()
    {
        // restart_blocks_444: 48x32 4:4:4, so 6x4 MCUs of 8x8 pixels, a restart marker every 5 MCUs.
        byte[] file = JpegFixtures.Jpeg("restart_blocks_444");
        var clean = Decode(file);
        var restarts = JpegSegments.List(file).Where(m => m.Code is >= 0xD0 and <= 0xD7).ToList();
        Assert.True(restarts.Count >= 4);

        // Overwrite the data of interval 1 (MCUs 5..9), between RST0 and RST1, with noise (no 0xFF).
        byte[] damaged = (byte[])file.Clone();
        var random = new Random(7);
        for (int i = restarts[0].End; i < restarts[1].Offset; i++) damaged[i] = (byte)random.Next(0, 255);
        var result = Decode(damaged);
        AssertEqualOutsideMcus(clean, result, firstMcu: 5, endMcu: 10, mcusPerLine: 6);
    }

    [Fact]
    public void Missing_restart_marker_loses_one_interval_and_resynchronises()
    {
        byte[] file = JpegFixtures.Jpeg("restart_blocks_444");
        var clean = Decode(file);
        var rst1 = JpegSegments.List(file).Where(m => m.Code is >= 0xD0 and <= 0xD7).ElementAt(1);
        byte[] withoutRst1 = [.. file[..rst1.Offset], .. file[rst1.End..]];

        var result = Decode(withoutRst1);
        // Interval 2 (MCUs 10..14) has no marker before it, so its data cannot be placed: it stays empty
        // (all coefficients zero, which is mid-grey), and decoding continues at RST2 with interval 3.
        AssertEqualOutsideMcus(clean, result, firstMcu: 10, endMcu: 15, mcusPerLine: 6);
        for (int mcu = 10; mcu < 15; mcu++)
        {
            int x = mcu % 6 * 8, y = mcu / 6 * 8;
            Assert.All(Enumerable.Range(0, 3), c => Assert.Equal(128, result.Pixels[((y + 3) * 48 + x + 3) * 3 + c]));
        }
    }

    [Fact]
    public void End_of_image_marker_in_the_middle_of_a_scan_is_refused()
    {
        byte[] file = JpegFixtures.Jpeg("baseline_444");
        var sos = JpegSegments.List(file).First(m => m.Code == 0xDA);
        int middle = (sos.End + file.Length) / 2;
        byte[] cut = [.. file[..middle], 0xFF, 0xD9];
        Assert.Contains("scan data ends early", DecodeError(cut));
    }

    [Fact]
    public void Malformed_exif_block_is_ignored_and_the_image_decodes_as_stored()
    {
        byte[] file = JpegFixtures.Jpeg("exif_orientation_6");
        var exif = JpegSegments.List(file).First(m => m.Code == 0xE1);
        // APP1 body: "Exif\0\0", then the TIFF data (big-endian here): "MM", 42, IFD offset 8 (4 bytes);
        // at +8 the entry count (2 bytes), then the orientation entry: tag, type, count (4), value.
        int tiff = exif.Offset + 4 + 6;
        foreach (var corrupt in new Action<byte[]>[]
        {
            f => f[tiff + 4] = 0x7F,                        // IFD offset far past the segment
            f => f[tiff + 9] = 0,                            // IFD with no entries
            f => f[tiff + 11] = 0x13,                        // tag 0x0113 instead of 0x0112
            f => f[tiff + 13] = 9,                           // type 9 (SLONG) instead of SHORT
            f => f[tiff + 17] = 2,                           // count 2 instead of 1
            f => f[tiff + 19] = 9,                           // orientation 9 (valid ones are 1..8)
            f => f[tiff] = (byte)'X',                        // unknown byte order
        })
        {
            byte[] damaged = (byte[])file.Clone();
            corrupt(damaged);
            var image = Decode(damaged);
            Assert.Equal((40, 24), (image.Width, image.Height));
        }
    }

    // Asserts a == b everywhere except in the 8x8 MCUs firstMcu..endMcu-1 (3-channel images).
    private static void AssertEqualOutsideMcus(Image a, Image b, int firstMcu, int endMcu, int mcusPerLine)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        for (int y = 0; y < a.Height; y++)
        {
            for (int x = 0; x < a.Width; x++)
            {
                int mcu = y / 8 * mcusPerLine + x / 8;
                if (mcu >= firstMcu && mcu < endMcu) continue;
                int offset = (y * a.Width + x) * 3;
                for (int c = 0; c < 3; c++)
                    Assert.True(a.Pixels[offset + c] == b.Pixels[offset + c], $"pixel ({x},{y}) of MCU {mcu} changed");
            }
        }
    }

    private static int NextSegmentStart(byte[] file, JpegSegments.Marker marker)
    {
        // For SOS the segment is followed by scan data (with RSTn inside): it runs to the next non-RST marker.
        if (marker.Code != 0xDA) return marker.End;
        var following = JpegSegments.List(file).First(m => m.Offset > marker.Offset && m.Code is not (>= 0xD0 and <= 0xD7));
        return following.Offset;
    }

    // One random damage: bit flips, byte overwrites (often with 0xFF to fake markers), insertions,
    // deletions, a duplicated chunk, or a truncation.
    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int operations = random.Next(1, 4);
        for (int op = 0; op < operations && bytes.Count > 2; op++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes[at] = 0xFF;
                    if (at + 1 < bytes.Count) bytes[at + 1] = (byte)random.Next(0xC0, 0x100);
                    break;
                case 3:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 9)).Select(_ => (byte)random.Next(256)));
                    break;
                case 4:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 17), bytes.Count - at));
                    break;
                case 5:
                    int length = Math.Min(random.Next(1, 64), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }
        return bytes.ToArray();
    }
}
