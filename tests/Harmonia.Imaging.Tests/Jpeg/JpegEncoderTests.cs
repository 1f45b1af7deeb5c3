using System.Diagnostics;
using Harmonia.Imaging.Files;
using Harmonia.Imaging.Jpeg;
using Harmonia.Imaging;
using Xunit.Abstractions;

namespace Harmonia.Imaging.Tests.Jpeg;

/// <summary>Encoder round trips through our decoder and (where installed) djpeg, and header contents compared with cjpeg's.</summary>
public sealed class JpegEncoderTests(ITestOutputHelper output)
{
    private static readonly Image Photo = SyntheticPhoto(96, 64);

    [Theory]
    [InlineData(true, 37.0)]
    [InlineData(false, 40.0)]
    public void Quality_90_round_trip_has_high_psnr(bool subsample420, double minimumPsnr)
    {
        byte[] file = JpegEncoder.Encode(Photo, 90, subsample420);
        var decoded = JpegDecoder.Decode(file, DecodeLimits.Default);
        Assert.Equal((Photo.Width, Photo.Height, 3), (decoded.Width, decoded.Height, decoded.Channels));
        double psnr = Psnr(Photo, decoded);
        output.WriteLine($"4:2:0={subsample420}: {file.Length} bytes, PSNR {psnr:F2} dB");
        Assert.True(psnr > minimumPsnr, $"PSNR {psnr:F2} dB");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Psnr_and_size_rise_with_quality(bool subsample420)
    {
        double previousPsnr = 0;
        int previousSize = 0;
        foreach (int quality in new[] { 5, 25, 50, 75, 90, 100 })
        {
            byte[] file = JpegEncoder.Encode(Photo, quality, subsample420);
            double psnr = Psnr(Photo, JpegDecoder.Decode(file, DecodeLimits.Default));
            output.WriteLine($"quality {quality}: {file.Length} bytes, PSNR {psnr:F2} dB");
            Assert.True(psnr > previousPsnr, $"PSNR at quality {quality} ({psnr:F2}) not above the previous ({previousPsnr:F2})");
            Assert.True(file.Length > previousSize);
            previousPsnr = psnr;
            previousSize = file.Length;
        }
        // Without chroma subsampling, quality 100 (all quantizers 1) is nearly lossless.
        if (!subsample420) Assert.True(previousPsnr > 45, $"quality 100 gave only {previousPsnr:F2} dB");
    }

    [Fact]
    public void Grey_image_encodes_as_one_component_and_round_trips()
    {
        var grey = new Image(Photo.Width, Photo.Height, 1, Photo.Pixels.Where((_, i) => i % 3 == 1).ToArray());
        byte[] file = JpegEncoder.Encode(grey, 90);
        var frame = JpegSegments.List(file).Single(m => m.Code == 0xC0);
        Assert.Equal(1, file[frame.Offset + 9]); // component count in SOF0
        var decoded = JpegDecoder.Decode(file, DecodeLimits.Default);
        Assert.Equal(1, decoded.Channels);
        Assert.True(Psnr(grey, decoded) > 40);
    }

    [Fact]
    public void Alpha_channel_is_dropped()
    {
        var random = new Random(3);
        var rgba = new byte[Photo.Width * Photo.Height * 4];
        for (int i = 0; i < Photo.Width * Photo.Height; i++)
        {
            Photo.Pixels.AsSpan(i * 3, 3).CopyTo(rgba.AsSpan(i * 4));
            rgba[i * 4 + 3] = (byte)random.Next(256);
        }
        byte[] fromRgba = JpegEncoder.Encode(new Image(Photo.Width, Photo.Height, 4, rgba), 85);
        Assert.Equal(JpegEncoder.Encode(Photo, 85), fromRgba);
    }

    [Fact]
    public void Output_starts_with_a_jfif_header_and_is_baseline()
    {
        byte[] file = JpegEncoder.Encode(Photo, 75);
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, file[..4]);
        Assert.Equal("JFIF\0"u8.ToArray(), file[6..11]);
        var markers = JpegSegments.List(file).Select(m => m.Code).ToList();
        Assert.Contains((byte)0xC0, markers);
        Assert.Equal(0xD9, markers[^1]);
    }

    [Theory]
    [InlineData("baseline_420", 75)]
    [InlineData("baseline_444", 90)]
    [InlineData("baseline_420_q10", 10)]
    [InlineData("baseline_420_q100", 100)]
    public void Quantization_tables_equal_cjpegs_at_the_same_quality(string cjpegFixture, int quality)
    {
        byte[] ours = JpegEncoder.Encode(Photo, quality);
        Assert.Equal(QuantizationTables(JpegFixtures.Jpeg(cjpegFixture)), QuantizationTables(ours));
    }

    [Fact]
    public void Huffman_tables_are_the_standard_ones_cjpeg_writes()
    {
        // baseline_444 was made by cjpeg without -optimize, so it carries the Annex K tables.
        Assert.Equal(HuffmanTables(JpegFixtures.Jpeg("baseline_444")), HuffmanTables(JpegEncoder.Encode(Photo, 90)));
    }

    [Fact]
    public void Chroma_subsampling_averages_each_two_by_two_block()
    {
        // A 1-pixel checkerboard of a reddish and a bluish grey. Averaging gives every pixel the
        // chroma of their mix (Cr = 20.9); keeping one pixel per 2x2 block would give Cr = 50 or -8.1.
        // The colours are mild so that decoding never clips and Cr can be measured back from RGB.
        var pixels = new byte[32 * 32 * 3];
        for (int y = 0; y < 32; y++)
        {
            for (int x = 0; x < 32; x++)
            {
                byte[] colour = (x + y) % 2 == 0 ? [200, 100, 100] : [100, 100, 200];
                colour.CopyTo(pixels, (y * 32 + x) * 3);
            }
        }
        var decoded = JpegDecoder.Decode(JpegEncoder.Encode(new Image(32, 32, 3, pixels), 100, subsample420: true), DecodeLimits.Default);

        for (int i = 0; i < 32 * 32; i++)
        {
            int r = decoded.Pixels[i * 3], g = decoded.Pixels[i * 3 + 1], b = decoded.Pixels[i * 3 + 2];
            double redDifference = 0.5 * r - 0.418688 * g - 0.081312 * b;
            Assert.InRange(redDifference, 20.9 - 3, 20.9 + 3);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(17, 13)]
    [InlineData(33, 65)]
    public void Odd_sizes_round_trip(int width, int height)
    {
        var image = SyntheticPhoto(width, height);
        foreach (bool subsample420 in new[] { true, false })
        {
            var decoded = JpegDecoder.Decode(JpegEncoder.Encode(image, 95, subsample420), DecodeLimits.Default);
            Assert.Equal((width, height), (decoded.Width, decoded.Height));
            Assert.True(Psnr(image, decoded) > 33);
        }
    }

    [Fact]
    public void Quality_outside_1_to_100_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegEncoder.Encode(Photo, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegEncoder.Encode(Photo, 101));
    }

    [Fact]
    public void Djpeg_decodes_our_files_like_our_decoder_does()
    {
        string? djpeg = FindTool("djpeg");
        if (djpeg == null)
        {
            output.WriteLine("djpeg is not installed: skipped the cross-check with libjpeg-turbo.");
            return;
        }
        var grey = new Image(Photo.Width, Photo.Height, 1, Photo.Pixels.Where((_, i) => i % 3 == 0).ToArray());
        foreach (var (image, quality, subsample420) in new[] { (Photo, 90, true), (Photo, 90, false), (Photo, 30, true), (grey, 80, true), (SyntheticPhoto(17, 13), 95, true) })
        {
            byte[] file = JpegEncoder.Encode(image, quality, subsample420);
            var ours = JpegDecoder.Decode(file, DecodeLimits.Default);
            var theirs = JpegFixtures.ReadNetpbm(RunTool(djpeg, file));
            int difference = JpegFixtures.MaxAbsDifference(ours, theirs);
            output.WriteLine($"{image.Width}x{image.Height}x{image.Channels} q{quality} 4:2:0={subsample420}: max |ours - djpeg| = {difference}, djpeg PSNR {Psnr(image, theirs):F2} dB");
            Assert.True(difference <= 1);
        }
    }

    private static double Psnr(Image expected, Image actual)
    {
        Assert.Equal(expected.Pixels.Length, actual.Pixels.Length);
        double squaredError = 0;
        for (int i = 0; i < expected.Pixels.Length; i++)
        {
            double e = expected.Pixels[i] - actual.Pixels[i];
            squaredError += e * e;
        }
        double mse = squaredError / expected.Pixels.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    // Bodies of all DQT segments / DHT segments, in file order.
    private static List<byte[]> QuantizationTables(byte[] file) => SegmentBodies(file, 0xDB);
    private static List<byte[]> HuffmanTables(byte[] file) => SegmentBodies(file, 0xC4);

    // Concatenated bodies split per table would depend on how a writer groups tables into
    // segments; concatenating all bodies of the marker compares the tables themselves.
    private static List<byte[]> SegmentBodies(byte[] file, byte marker) =>
        [JpegSegments.List(file).Where(m => m.Code == marker).SelectMany(m => file[(m.Offset + 4)..m.End]).ToArray()];

    // A deterministic picture like a small photo: smooth gradients, an anti-aliased disc and fine texture.
    // cjpeg reaches 38.6 dB (4:2:0) and 41.6 dB (4:4:4) on it at quality 90 (96x64).
    private static Image SyntheticPhoto(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double texture = 6 * Math.Sin(x * 1.3) * Math.Sin(y * 1.7);
                double r = 90 + 120.0 * x / Math.Max(1, width - 1) + 15 * Math.Sin(y * 0.3);
                double g = 110 + 50 * Math.Sin(x * 0.15 + y * 0.1);
                double b = 70 + 110.0 * y / Math.Max(1, height - 1);
                double dx = x - width * 0.6, dy = y - height * 0.45;
                double radius = 0.3 * Math.Min(width, height);
                double inside = Math.Clamp((radius - Math.Sqrt(dx * dx + dy * dy)) / 2 + 0.5, 0, 1);
                r += inside * (200 - r);
                g += inside * (90 - g);
                b += inside * (70 - b);
                int i = (y * width + x) * 3;
                pixels[i] = (byte)Math.Clamp(r + texture, 0, 255);
                pixels[i + 1] = (byte)Math.Clamp(g + texture, 0, 255);
                pixels[i + 2] = (byte)Math.Clamp(b + texture, 0, 255);
            }
        }
        return new Image(width, height, 3, pixels);
    }

    private static string? FindTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static byte[] RunTool(string path, byte[] input)
    {
        var start = new ProcessStartInfo(path, "-pnm") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        copy.Wait();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return stdout.ToArray();
    }
}
