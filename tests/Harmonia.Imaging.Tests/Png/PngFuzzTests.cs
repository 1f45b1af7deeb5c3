using Harmonia.Imaging.Files;
using Harmonia.Imaging.Png;

namespace Harmonia.Imaging.Tests.Png;

/// <summary>
/// Seeded random damage to valid files: whatever the bytes, the decoder either returns an image
/// or throws <see cref="ImageFormatException"/>, never another exception, never hangs.
/// </summary>
public class PngFuzzTests
{
    // Small files of different kinds so mutations reach every decoding path.
    private static readonly string[] Seeds =
    [
        "hand-ct0-d1-adam7.png", "hand-ct2-d16.png", "hand-ct3-d4.png", "hand-ct4-d8-adam7.png",
        "hand-ct6-d16-adam7.png", "hand-palette-trns.png", "hand-rgb-d16-trns.png", "magick-greyalpha8.png",
    ];

    public static TheoryData<string> SeedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var s in Seeds) data.Add(s);
        return data;
    }

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Random_byte_damage_only_ever_raises_ImageFormatException(string seedFile)
    {
        byte[] original = File.ReadAllBytes(TestDataPaths.Get("png", seedFile));
        var random = new Random(seedFile.GetHashCode(StringComparison.Ordinal) & 0x7FFF ^ 12345);
        int decoded = 0, refused = 0;

        for (int iteration = 0; iteration < 1500; iteration++)
        {
            byte[] mutated = Mutate(original, random);
            // Half the time repair the CRCs, so the damage gets past the CRC check and into
            // the header, palette, zlib and filter logic.
            if (iteration % 2 == 0) PngBuilder.RepairCrcs(mutated);

            try
            {
                var image = PngDecoder.Decode(mutated, DecodeLimits.Default);
                Assert.Equal((long)image.Width * image.Height * image.Channels, image.Pixels.LongLength);
                decoded++;
            }
            catch (ImageFormatException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Iteration {iteration} of {seedFile} threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
        Assert.True(refused > 0, "no mutation was refused: the fuzzing is not reaching the checks");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] data = (byte[])original.Clone();
        switch (random.Next(6))
        {
            case 0: // a few random bytes anywhere
                for (int i = random.Next(1, 4); i > 0; i--) data[random.Next(data.Length)] = (byte)random.Next(256);
                break;
            case 1: // single bit flips, mostly after the signature
                for (int i = random.Next(1, 3); i > 0; i--) data[random.Next(8, data.Length)] ^= (byte)(1 << random.Next(8));
                break;
            case 2: // truncation
                data = data[..random.Next(data.Length)];
                break;
            case 3: // a run of bytes removed from the middle
            {
                int start = random.Next(data.Length), count = random.Next(1, Math.Min(64, data.Length - start) + 1);
                data = [.. data.AsSpan(0, start), .. data.AsSpan(start + count)];
                break;
            }
            case 4: // random bytes inserted
            {
                int at = random.Next(data.Length);
                var junk = new byte[random.Next(1, 32)];
                random.NextBytes(junk);
                data = [.. data.AsSpan(0, at), .. junk, .. data.AsSpan(at)];
                break;
            }
            default: // damage concentrated in the IHDR fields (offsets 16..28)
                data[16 + random.Next(13)] = (byte)random.Next(256);
                break;
        }
        return data;
    }
}
