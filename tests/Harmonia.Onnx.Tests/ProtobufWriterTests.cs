using Harmonia.Onnx.Protobuf;

namespace Harmonia.Onnx.Tests;

/// <summary>The wire format against the encodings the protocol-buffer documentation spells out.</summary>
public class ProtobufWriterTests
{
    [Fact]
    public void VarintFieldIsTagThenLittleEndianGroupsOfSevenBits()
    {
        var w = new ProtobufWriter();
        w.Int64(1, 150);
        Assert.Equal(new byte[] { 0x08, 0x96, 0x01 }, w.ToArray());
    }

    [Fact]
    public void NegativeIntegersTakeTenBytes()
    {
        var w = new ProtobufWriter();
        w.Int64(1, -1);
        Assert.Equal(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, w.ToArray());
    }

    [Fact]
    public void StringsAndFloatsAndNestedMessages()
    {
        var w = new ProtobufWriter();
        w.String(2, "testing");
        w.Float(2, 1f);
        w.Message(3, m => m.Int64(1, 150));
        Assert.Equal(
            new byte[] { 0x12, 0x07, (byte)'t', (byte)'e', (byte)'s', (byte)'t', (byte)'i', (byte)'n', (byte)'g', 0x15, 0x00, 0x00, 0x80, 0x3F, 0x1A, 0x03, 0x08, 0x96, 0x01 },
            w.ToArray());
    }

    [Fact]
    public void LargePayloadsKeptByReferenceEncodeInOrder()
    {
        var payload = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        var outer = new ProtobufWriter();
        outer.Int64(1, 7);
        outer.Message(2, m => { m.Bytes(9, payload); m.Int64(3, 1); });
        var bytes = outer.ToArray();
        Assert.Equal(bytes.Length, outer.Length);
        // 08 07 | 12 len(5005 = 0x8D 0x27) | 4A len(5000 = 0x88 0x27) payload | 18 01
        Assert.Equal(new byte[] { 0x08, 0x07, 0x12, 0x8D, 0x27, 0x4A, 0x88, 0x27 }, bytes[..8]);
        Assert.Equal(payload, bytes[8..5008]);
        Assert.Equal(new byte[] { 0x18, 0x01 }, bytes[5008..]);
    }

    [Fact]
    public void PackedIntegers()
    {
        var w = new ProtobufWriter();
        w.PackedInt64(4, [3, 270, 86942]);
        Assert.Equal(new byte[] { 0x22, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05 }, w.ToArray());
    }
}
