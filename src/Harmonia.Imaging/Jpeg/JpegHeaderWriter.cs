namespace Harmonia.Imaging.Jpeg;

/// <summary>Writes the marker segments of a baseline JPEG file around the encoder's scan data.</summary>
internal sealed class JpegHeaderWriter(Stream output)
{
    /// <summary>SOI.</summary>
    public void WriteStartOfImage() => WriteMarker(JpegMarker.Soi);

    /// <summary>EOI.</summary>
    public void WriteEndOfImage() => WriteMarker(JpegMarker.Eoi);

    /// <summary>APP0 JFIF 1.01 with square pixels and no thumbnail: tells readers the components are YCbCr (or grey).</summary>
    public void WriteJfif()
    {
        WriteSegment(JpegMarker.App0, [
            (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0,
            1, 1,    // version 1.01
            0,       // density unit: none, only the aspect ratio
            0, 1, 0, 1, // 1:1
            0, 0,    // no thumbnail
        ]);
    }

    /// <summary>One DQT segment with each distinct table (8-bit entries, zig-zag order).</summary>
    public void WriteQuantizationTables(EncoderComponent[] components)
    {
        var body = new List<byte>();
        var naturalIndex = JpegZigZag.NaturalIndex;
        foreach (var component in DistinctTables(components))
        {
            body.Add((byte)component.TableIndex);
            for (int k = 0; k < 64; k++) body.Add((byte)component.Quantization[naturalIndex[k]]);
        }
        WriteSegment(JpegMarker.Dqt, body.ToArray());
    }

    /// <summary>SOF0: 8-bit precision, size, and each component's id, sampling factors and table.</summary>
    public void WriteBaselineFrame(int width, int height, EncoderComponent[] components)
    {
        var body = new List<byte> { 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, (byte)components.Length };
        foreach (var c in components)
            body.AddRange([(byte)c.Id, (byte)((c.HorizontalSampling << 4) | c.VerticalSampling), (byte)c.TableIndex]);
        WriteSegment(JpegMarker.Sof0Baseline, body.ToArray());
    }

    /// <summary>One DHT segment with the DC and AC table of each distinct table slot.</summary>
    public void WriteHuffmanTables(EncoderComponent[] components)
    {
        var body = new List<byte>();
        foreach (var component in DistinctTables(components))
        {
            body.Add((byte)(0x00 | component.TableIndex));
            body.AddRange(component.DcTable.CodeCounts);
            body.AddRange(component.DcTable.Symbols);
            body.Add((byte)(0x10 | component.TableIndex));
            body.AddRange(component.AcTable.CodeCounts);
            body.AddRange(component.AcTable.Symbols);
        }
        WriteSegment(JpegMarker.Dht, body.ToArray());
    }

    /// <summary>SOS for one interleaved sequential scan of all components (Ss=0, Se=63, Ah=Al=0).</summary>
    public void WriteScanHeader(EncoderComponent[] components)
    {
        var body = new List<byte> { (byte)components.Length };
        foreach (var c in components)
            body.AddRange([(byte)c.Id, (byte)((c.TableIndex << 4) | c.TableIndex)]);
        body.AddRange([0, 63, 0]);
        WriteSegment(JpegMarker.Sos, body.ToArray());
    }

    private static IEnumerable<EncoderComponent> DistinctTables(EncoderComponent[] components) =>
        components.DistinctBy(c => c.TableIndex);

    private void WriteMarker(byte marker)
    {
        output.WriteByte(0xFF);
        output.WriteByte(marker);
    }

    private void WriteSegment(byte marker, byte[] body)
    {
        WriteMarker(marker);
        int length = body.Length + 2;
        output.WriteByte((byte)(length >> 8));
        output.WriteByte((byte)length);
        output.Write(body);
    }
}
