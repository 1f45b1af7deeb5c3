using System.Text;
using Harmonia.Imaging;

namespace Harmonia.Imaging.Tests.Jpeg;

/// <summary>
/// Access to the committed JPEG fixtures in tests/data/jpeg (made by generate.py there) and to
/// the djpeg reference decodes stored next to them as binary PPM/PGM.
/// </summary>
internal static class JpegFixtures
{
    private static readonly Lazy<string> Folder = new(FindFolder);

    /// <summary>The fixture folder, found by walking up from the test binaries to the repository's tests/data/jpeg.</summary>
    public static string Directory => Folder.Value;

    /// <summary>The bytes of fixture <paramref name="name"/>.jpg.</summary>
    public static byte[] Jpeg(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".jpg"));

    /// <summary>djpeg's decode of fixture <paramref name="name"/> (PGM if greyscale, else PPM).</summary>
    public static Image Reference(string name)
    {
        string ppm = Path.Combine(Directory, name + ".ppm");
        string path = File.Exists(ppm) ? ppm : Path.Combine(Directory, name + ".pgm");
        return ReadNetpbm(File.ReadAllBytes(path));
    }

    /// <summary>Parses a binary PPM (P6) or PGM (P5) file with maxval 255.</summary>
    public static Image ReadNetpbm(byte[] file)
    {
        int position = 0;
        string magic = NextToken(file, ref position);
        int channels = magic switch { "P6" => 3, "P5" => 1, _ => throw new InvalidDataException($"Not a binary PPM/PGM: {magic}") };
        int width = int.Parse(NextToken(file, ref position));
        int height = int.Parse(NextToken(file, ref position));
        int maxValue = int.Parse(NextToken(file, ref position));
        if (maxValue != 255) throw new InvalidDataException($"Unsupported maxval {maxValue}.");
        position++; // the single whitespace byte before the raster
        var pixels = file.AsSpan(position, width * height * channels).ToArray();
        return new Image(width, height, channels, pixels);
    }

    /// <summary>Writes a binary PPM/PGM (for handing images to djpeg's counterpart tools or for inspection).</summary>
    public static byte[] WriteNetpbm(Image image)
    {
        var header = Encoding.ASCII.GetBytes($"{(image.Channels == 1 ? "P5" : "P6")}\n{image.Width} {image.Height}\n255\n");
        return [.. header, .. image.Pixels];
    }

    /// <summary>Largest absolute difference between corresponding bytes of two same-shaped images.</summary>
    public static int MaxAbsDifference(Image a, Image b)
    {
        Assert.Equal((a.Width, a.Height, a.Channels), (b.Width, b.Height, b.Channels));
        int max = 0;
        for (int i = 0; i < a.Pixels.Length; i++) max = Math.Max(max, Math.Abs(a.Pixels[i] - b.Pixels[i]));
        return max;
    }

    private static string NextToken(byte[] file, ref int position)
    {
        while (true)
        {
            while (char.IsWhiteSpace((char)file[position])) position++;
            if (file[position] != '#') break;
            while (file[position] != '\n') position++;
        }
        int start = position;
        while (!char.IsWhiteSpace((char)file[position])) position++;
        return Encoding.ASCII.GetString(file, start, position - start);
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "data", "jpeg");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/data/jpeg not found above " + AppContext.BaseDirectory);
    }
}
