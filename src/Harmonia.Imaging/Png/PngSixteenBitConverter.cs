namespace Harmonia.Imaging.Png;

/// <summary>
/// Turns reconstructed scanlines of a 16-bit PNG (grey, RGB, grey+alpha, RGBA; palettes are never
/// 16-bit) into 16-bit interleaved samples, with the channel layout <see cref="PngPixelConverter"/>
/// gives: 1 for grey, 3 for RGB, 4 whenever the file carries alpha. A tRNS colour key makes the
/// matching pixels' alpha 0.
/// </summary>
internal sealed class PngSixteenBitConverter
{
    private readonly PngHeader header;
    private readonly PngTransparency? transparency;

    /// <summary>Prepares conversion for a 16-bit <paramref name="header"/>.</summary>
    public PngSixteenBitConverter(PngHeader header, PngTransparency? transparency)
    {
        if (header.BitDepth != 16) throw new ArgumentException($"Expected a 16-bit PNG, got bit depth {header.BitDepth}.", nameof(header));
        this.header = header;
        this.transparency = transparency;
        OutputChannels = PngPixelConverter.OutputChannelsFor(header.ColorType, transparency is not null);
    }

    /// <summary>Channels of the decoded image: 1, 3 or 4.</summary>
    public int OutputChannels { get; }

    /// <summary>Converts the first <paramref name="pixelCount"/> pixels of <paramref name="row"/>, writing pixel i's
    /// samples from <c>output[firstOffset + i * sampleStep]</c>.</summary>
    public void ConvertRow(ReadOnlySpan<byte> row, int pixelCount, ushort[] output, long firstOffset, int sampleStep)
    {
        int samples = header.SamplesPerPixel;
        ReadOnlySpan<int> key = transparency is null ? [] : samples == 1 ? [transparency.GreyKey] : [transparency.RedKey, transparency.GreenKey, transparency.BlueKey];
        long offset = firstOffset;
        for (int i = 0; i < pixelCount; i++, offset += sampleStep)
        {
            switch (header.ColorType)
            {
                case PngColorType.GreyAlpha:
                    output[offset] = output[offset + 1] = output[offset + 2] = Sample(row, 2 * i);
                    output[offset + 3] = Sample(row, 2 * i + 1);
                    break;
                case PngColorType.Rgba:
                    for (int s = 0; s < 4; s++) output[offset + s] = Sample(row, 4 * i + s);
                    break;
                default:
                    bool matchesKey = !key.IsEmpty;
                    for (int s = 0; s < samples; s++)
                    {
                        ushort value = Sample(row, i * samples + s);
                        matchesKey &= !key.IsEmpty && value == key[s];
                        if (OutputChannels == 4 && samples == 1) output[offset] = output[offset + 1] = output[offset + 2] = value;
                        else output[offset + s] = value;
                    }
                    if (OutputChannels == 4) output[offset + 3] = matchesKey ? (ushort)0 : ushort.MaxValue;
                    break;
            }
        }
    }

    private static ushort Sample(ReadOnlySpan<byte> row, int index) => (ushort)((row[2 * index] << 8) | row[2 * index + 1]);
}
