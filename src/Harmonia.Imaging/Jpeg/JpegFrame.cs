using System.Buffers.Binary;
using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// The frame header (SOF segment): image size, coding process and components, plus the MCU
/// grid that interleaved scans walk. Parsing validates everything and applies the size limits
/// before anything large is allocated.
/// </summary>
internal sealed class JpegFrame
{
    private JpegFrame(int width, int height, bool progressive, JpegComponent[] components)
    {
        Width = width;
        Height = height;
        IsProgressive = progressive;
        Components = components;
        MaxHorizontalSampling = components.Max(c => c.HorizontalSampling);
        MaxVerticalSampling = components.Max(c => c.VerticalSampling);
        McusPerLine = (width + 8 * MaxHorizontalSampling - 1) / (8 * MaxHorizontalSampling);
        McuRows = (height + 8 * MaxVerticalSampling - 1) / (8 * MaxVerticalSampling);
        foreach (var component in components)
            component.SetGeometry(width, height, MaxHorizontalSampling, MaxVerticalSampling, McusPerLine, McuRows);
    }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }
    /// <summary>Image height in pixels.</summary>
    public int Height { get; }
    /// <summary>True for SOF2 (progressive), false for SOF0/SOF1 (sequential).</summary>
    public bool IsProgressive { get; }
    /// <summary>The components in frame order.</summary>
    public JpegComponent[] Components { get; }
    /// <summary>Largest horizontal sampling factor: an MCU is 8 times this many pixels wide.</summary>
    public int MaxHorizontalSampling { get; }
    /// <summary>Largest vertical sampling factor.</summary>
    public int MaxVerticalSampling { get; }
    /// <summary>MCUs per row of an interleaved scan.</summary>
    public int McusPerLine { get; }
    /// <summary>MCU rows of an interleaved scan.</summary>
    public int McuRows { get; }

    /// <summary>Finds the component with identifier <paramref name="id"/>, or null.</summary>
    public JpegComponent? FindComponent(int id) => Array.Find(Components, c => c.Id == id);

    /// <summary>All blocks of all components' storage, padding blocks included.</summary>
    public long StoredBlocks => Components.Sum(c => (long)c.BlocksPerLine * c.BlockRows);

    /// <summary>Parses a SOF0, SOF1 or SOF2 segment body (after the length field) of a file of <paramref name="fileLength"/> bytes.</summary>
    public static JpegFrame Parse(ReadOnlySpan<byte> segment, byte marker, DecodeLimits limits, long fileLength)
    {
        if (segment.Length < 6)
            throw new ImageFormatException($"Invalid JPEG frame header: {segment.Length} bytes is too short.");
        int precision = segment[0];
        int height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
        int componentCount = segment[5];

        if (precision == 12)
            throw new ImageFormatException("Unsupported JPEG: 12-bit sample precision (only 8-bit is supported).");
        if (precision != 8)
            throw new ImageFormatException($"Invalid JPEG frame header: sample precision {precision} (expected 8).");
        if (height == 0)
            throw new ImageFormatException("Unsupported JPEG: the frame header gives height 0 (height defined by a later DNL marker is not supported).");
        if (width == 0)
            throw new ImageFormatException("Invalid JPEG frame header: width is 0.");
        long pixels = (long)width * height;
        if (pixels > limits.MaxPixels)
            throw new ImageFormatException($"JPEG image is {width}x{height} ({pixels} pixels), over the limit of {limits.MaxPixels} pixels.");
        if (componentCount is not (1 or 3 or 4))
            throw new ImageFormatException($"Unsupported JPEG: {componentCount} colour components (1, 3 or 4 are supported).");
        if (segment.Length != 6 + 3 * componentCount)
            throw new ImageFormatException($"Invalid JPEG frame header: length {segment.Length + 2} does not match {componentCount} components.");

        var components = new JpegComponent[componentCount];
        for (int i = 0; i < componentCount; i++)
        {
            var entry = segment.Slice(6 + 3 * i, 3);
            int id = entry[0];
            int horizontal = entry[1] >> 4, vertical = entry[1] & 15;
            int quantTable = entry[2];
            if (horizontal is < 1 or > 4 || vertical is < 1 or > 4)
                throw new ImageFormatException($"Invalid JPEG frame header: component {id} has sampling factors {horizontal}x{vertical} (each must be 1..4).");
            if (quantTable > 3)
                throw new ImageFormatException($"Invalid JPEG frame header: component {id} uses quantization table {quantTable} (0..3 allowed).");
            for (int j = 0; j < i; j++)
                if (components[j].Id == id)
                    throw new ImageFormatException($"Invalid JPEG frame header: component id {id} appears twice.");
            components[i] = new JpegComponent(id, horizontal, vertical, quantTable);
        }

        int maxH = components.Max(c => c.HorizontalSampling), maxV = components.Max(c => c.VerticalSampling);
        foreach (var c in components)
            if (maxH % c.HorizontalSampling != 0 || maxV % c.VerticalSampling != 0)
                throw new ImageFormatException(
                    $"Unsupported JPEG: component {c.Id} sampling {c.HorizontalSampling}x{c.VerticalSampling} is not an integer fraction of {maxH}x{maxV}.");

        var frame = new JpegFrame(width, height, marker == JpegMarker.Sof2Progressive, components);
        // Coefficient storage covers whole MCUs, which for a very thin image can be many times its
        // pixel count (a 1-pixel-wide column still stores 8 or 16 columns). Bound that too.
        long paddedPixels = (long)frame.McusPerLine * 8 * maxH * frame.McuRows * 8 * maxV;
        long paddedLimit = Math.Max(limits.MaxPixels > long.MaxValue / 2 ? long.MaxValue : 2 * limits.MaxPixels, 1 << 16);
        if (paddedPixels > paddedLimit)
            throw new ImageFormatException(
                $"JPEG image {width}x{height} needs {paddedPixels} pixels of block storage, over the limit of {paddedLimit}.");
        // Each component's coefficients and the RGB output must each fit in one .NET array.
        if (paddedPixels > Array.MaxLength / 3)
            throw new ImageFormatException($"JPEG image {width}x{height} is too large to decode into memory.");
        // Every block a scan must code takes at least one bit (DecodeLimits.JpegBlocksPerByte), so a
        // file too short for its blocks is missing most of its data; refuse it before allocating.
        long codedBlocks = components.Sum(c => (long)c.ScanBlocksPerLine * c.ScanBlockRows);
        long maxBlocks = DecodeLimits.JpegBlocksPerByte * fileLength;
        if (codedBlocks > maxBlocks)
            throw new ImageFormatException(
                $"JPEG image {width}x{height} has {codedBlocks} blocks to code, but its {fileLength} bytes can code at most {maxBlocks} (each block takes at least one bit): most of its image data is missing.");
        return frame;
    }
}
