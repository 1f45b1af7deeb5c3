using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Harmonia.NN.Tests.Serialization;

/// <summary>
/// Writes pickle opcodes by hand, so tests can build exactly the (often malformed or hostile)
/// pickles they need, and packs them into a torch.save-style zip.
/// </summary>
internal sealed class PickleWriter
{
    private readonly MemoryStream bytes = new();

    public PickleWriter Op(char opcode) => Raw((byte)opcode);

    public PickleWriter Raw(params byte[] data)
    {
        bytes.Write(data);
        return this;
    }

    public PickleWriter Proto(byte version = 2) => Raw(0x80, version);
    public PickleWriter Mark() => Op('(');
    public PickleWriter Stop() => Op('.');
    public PickleWriter EmptyDict() => Op('}');
    public PickleWriter EmptyList() => Op(']');
    public PickleWriter EmptyTuple() => Op(')');
    public PickleWriter Tuple() => Op('t');
    public PickleWriter Tuple1() => Raw(0x85);
    public PickleWriter Tuple2() => Raw(0x86);
    public PickleWriter SetItem() => Op('s');
    public PickleWriter SetItems() => Op('u');
    public PickleWriter Append() => Op('a');
    public PickleWriter Reduce() => Op('R');
    public PickleWriter Build() => Op('b');
    public PickleWriter PersistentId() => Op('Q');
    public PickleWriter False() => Raw(0x89);
    public PickleWriter None() => Op('N');
    public PickleWriter Put(byte index) => Raw((byte)'q', index);
    public PickleWriter Get(byte index) => Raw((byte)'h', index);

    public PickleWriter Global(string module, string name) => Op('c').Raw(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

    public PickleWriter StackGlobal(string module, string name) => Str(module).Str(name).Raw(0x93);

    public PickleWriter Str(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        Op('X');
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
        return Raw(length.ToArray()).Raw(utf8);
    }

    public PickleWriter Int(int value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(data, value);
        return Op('J').Raw(data.ToArray());
    }

    public PickleWriter IntTuple(params int[] values)
    {
        Mark();
        foreach (int v in values) Int(v);
        return Tuple();
    }

    /// <summary>Pushes <c>('storage', torch.&lt;type&gt;, key, 'cpu', numel)</c> resolved through BINPERSID.</summary>
    public PickleWriter Storage(string storageType, string key, int numel) =>
        Mark().Str("storage").Global("torch", storageType).Str(key).Str("cpu").Int(numel).Tuple().PersistentId();

    /// <summary>Pushes <c>_rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())</c>.</summary>
    public PickleWriter Tensor(string storageType, string key, int storageNumel, int offset, int[] size, int[] stride) =>
        Global("torch._utils", "_rebuild_tensor_v2")
            .Mark().Storage(storageType, key, storageNumel).Int(offset).IntTuple(size).IntTuple(stride).False()
            .Global("collections", "OrderedDict").EmptyTuple().Reduce()
            .Tuple().Reduce();

    public byte[] ToArray() => bytes.ToArray();

    /// <summary>A torch.save-style zip: archive/data.pkl, archive/data/&lt;key&gt; for each storage, archive/version.</summary>
    public static byte[] TorchZip(byte[] pickle, IReadOnlyDictionary<string, byte[]>? storages = null, string? byteOrder = null)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, byte[] content)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
                using var stream = entry.Open();
                stream.Write(content);
            }
            Add("archive/data.pkl", pickle);
            if (byteOrder is not null) Add("archive/byteorder", Encoding.ASCII.GetBytes(byteOrder));
            foreach (var (key, content) in storages ?? new Dictionary<string, byte[]>())
                Add($"archive/data/{key}", content);
            Add("archive/version", "3\n"u8.ToArray());
        }
        return output.ToArray();
    }

    public static byte[] Floats(params float[] values)
    {
        var data = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), values[i]);
        return data;
    }
}
