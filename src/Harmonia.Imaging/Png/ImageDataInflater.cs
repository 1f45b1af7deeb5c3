using System.IO.Compression;
using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Png;

/// <summary>
/// Inflates the zlib image data of a PNG exactly as far as the header says it goes and no
/// further, so a stream that would inflate to more (a decompression bomb, or plain garbage)
/// costs no more than the declared image size before it is refused.
/// </summary>
internal sealed class ImageDataInflater : IDisposable
{
    private readonly ZLibStream zlib;
    private readonly long expectedBytes;
    private long producedBytes;

    public ImageDataInflater(byte[] compressed, int length, long expectedBytes)
    {
        zlib = new ZLibStream(new MemoryStream(compressed, 0, length, writable: false), CompressionMode.Decompress);
        this.expectedBytes = expectedBytes;
    }

    /// <summary>Fills <paramref name="destination"/> completely or throws if the data ends or is corrupt.</summary>
    public void ReadExactly(Span<byte> destination)
    {
        int read;
        try
        {
            read = zlib.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new ImageFormatException($"Image data is not a valid zlib stream (after {producedBytes} inflated bytes): {e.Message}", e);
        }
        producedBytes += read;
        if (read < destination.Length)
            throw new ImageFormatException($"Image data is truncated: it inflates to {producedBytes} bytes, but the header needs {expectedBytes}.");
    }

    /// <summary>Checks that the stream ends where the image does (this also verifies zlib's Adler-32 checksum).</summary>
    public void VerifyEnd()
    {
        Span<byte> probe = stackalloc byte[1];
        int read;
        try
        {
            read = zlib.Read(probe);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new ImageFormatException($"Image data is not a valid zlib stream at its end: {e.Message}", e);
        }
        if (read != 0)
            throw new ImageFormatException($"Image data inflates to more than the {expectedBytes} bytes the header declares (corrupt data or a decompression bomb).");
    }

    public void Dispose() => zlib.Dispose();
}
