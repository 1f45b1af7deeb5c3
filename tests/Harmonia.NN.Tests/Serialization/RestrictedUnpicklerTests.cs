using System.Buffers.Binary;
using Harmonia.NN.Serialization;

namespace Harmonia.NN.Tests.Serialization;

/// <summary>Hand-built pickles, benign and hostile, read through <see cref="PyTorchCheckpoint"/>.</summary>
public class RestrictedUnpicklerTests
{
    private static readonly Dictionary<string, byte[]> FourFloats = new() { ["0"] = PickleWriter.Floats(1, 2, 3, 4) };

    private static StateDict Load(byte[] pickle, IReadOnlyDictionary<string, byte[]>? storages = null, string? byteOrder = null, long maxBytes = PyTorchCheckpoint.DefaultMaxBytes)
    {
        using var stream = new MemoryStream(PickleWriter.TorchZip(pickle, storages, byteOrder));
        return PyTorchCheckpoint.Read(stream, "crafted.pth", maxBytes);
    }

    private static string Refusal(byte[] pickle, IReadOnlyDictionary<string, byte[]>? storages = null, long maxBytes = PyTorchCheckpoint.DefaultMaxBytes)
    {
        var error = Assert.Throws<CheckpointFormatException>(() => Load(pickle, storages, maxBytes: maxBytes));
        Assert.Equal("crafted.pth", error.Checkpoint);
        return error.Message;
    }

    /// <summary>{name: tensor} for one float32 tensor over storage '0'.</summary>
    private static PickleWriter OneTensor(string name, int storageNumel, int offset, int[] size, int[] stride) =>
        new PickleWriter().Proto().EmptyDict().Str(name).Tensor("FloatStorage", "0", storageNumel, offset, size, stride).SetItem();

    [Fact]
    public void Hand_built_checkpoint_loads()
    {
        var sd = Load(OneTensor("w", 4, 0, [2, 2], [2, 1]).Stop().ToArray(), FourFloats);

        Assert.Equal(["w"], sd.Keys);
        Assert.Equal([2, 2], sd["w"].Shape);
        Assert.Equal([1f, 2, 3, 4], sd["w"].Data);
    }

    [Fact]
    public void Big_endian_byte_order_is_honoured()
    {
        var bigEndian = new byte[8];
        BinaryPrimitives.WriteSingleBigEndian(bigEndian, 1.5f);
        BinaryPrimitives.WriteSingleBigEndian(bigEndian.AsSpan(4), -2f);

        var sd = Load(OneTensor("w", 2, 0, [2], [1]).Stop().ToArray(), new Dictionary<string, byte[]> { ["0"] = bigEndian }, byteOrder: "big");

        Assert.Equal([1.5f, -2f], sd["w"].Data);
    }

    [Theory]
    [InlineData("builtins", "eval")]
    [InlineData("builtins", "getattr")]
    [InlineData("os", "system")]
    [InlineData("posix", "system")]
    [InlineData("subprocess", "Popen")]
    [InlineData("torch.storage", "_load_from_bytes")]
    [InlineData("numpy.core.multiarray", "_reconstruct")]
    [InlineData("torch", "load")]
    [InlineData("collections", "OrderedDict.fromkeys")]
    public void Any_global_off_the_allow_list_is_refused_when_named(string module, string name)
    {
        // The refusal happens at GLOBAL, before REDUCE could call it.
        var viaGlobal = new PickleWriter().Proto().Global(module, name).Str("payload").Tuple1().Reduce().Stop().ToArray();
        var viaStackGlobal = new PickleWriter().Proto(4).StackGlobal(module, name).Str("payload").Tuple1().Reduce().Stop().ToArray();

        foreach (var pickle in new[] { viaGlobal, viaStackGlobal })
        {
            string message = Refusal(pickle);
            Assert.Contains($"refused to load global '{module}.{name}'", message);
            Assert.Contains("only tensor data is allowed", message);
        }
    }

    [Fact]
    public void Allowed_globals_cannot_be_misused()
    {
        var callStorageType = new PickleWriter().Proto().Global("torch", "FloatStorage").EmptyTuple().Reduce().Stop().ToArray();
        Assert.Contains("'torch.FloatStorage' cannot be called", Refusal(callStorageType));

        var rebuildFromList = new PickleWriter().Proto().Global("torch._utils", "_rebuild_tensor_v2")
            .Mark().EmptyList().Int(0).IntTuple(1).IntTuple(1).False().None().Tuple().Reduce().Stop().ToArray();
        Assert.Contains("expects a storage, got list", Refusal(rebuildFromList));

        var buildOnList = new PickleWriter().Proto().EmptyList().EmptyDict().Build().Stop().ToArray();
        Assert.Contains("setting the state of a list is not allowed", Refusal(buildOnList));

        var textPersistentId = new PickleWriter().Proto().Op('P').Raw("0\n"u8.ToArray()).Stop().ToArray();
        Assert.Contains("unsupported pickle opcode 0x50", Refusal(textPersistentId));

        var inst = new PickleWriter().Proto().Mark().Op('i').Raw("os\nsystem\n"u8.ToArray()).Stop().ToArray();
        Assert.Contains("INST/OBJ", Refusal(inst));
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 2, (byte)'R', (byte)'.' }, "stack underflow")]
    [InlineData(new byte[] { 0x80, 2, (byte)'(', (byte)'a', (byte)'.' }, "stack underflow")]
    [InlineData(new byte[] { 0x80, 2, (byte)'h', 5, (byte)'.' }, "memo entry 5 was never stored")]
    [InlineData(new byte[] { 0x80, 2, (byte)'}' }, "ends before its STOP")]
    [InlineData(new byte[] { 0x80, 2, (byte)'X', 0xff, 0xff, 0xff, 0x7f, (byte)'.' }, "runs past the end")]
    [InlineData(new byte[] { 0x80, 2, (byte)'}', (byte)'}', (byte)'.' }, "STOP with 2 values")]
    [InlineData(new byte[] { 0x80, 9, (byte)'}', (byte)'.' }, "unsupported pickle protocol 9")]
    [InlineData(new byte[] { 0x80, 2, (byte)'u', (byte)'.' }, "no MARK")]
    [InlineData(new byte[] { 0x80, 2, (byte)']', (byte)'s', (byte)'.' }, "stack underflow")]
    [InlineData(new byte[] { 0x80, 2, (byte)'}', (byte)']', (byte)']', (byte)'s', (byte)'.' }, "unhashable dict key of type list")]
    [InlineData(new byte[] { 0x80, 2, (byte)'X', 2, 0, 0, 0, 0xc3, 0x28, (byte)'.' }, "not valid UTF-8")]
    [InlineData(new byte[] { 0x80, 2, 0x8a, 0xff, (byte)'.' }, "larger than any checkpoint needs")]
    [InlineData(new byte[] { 0x80, 2, (byte)'c', (byte)'o', (byte)'s' }, "not terminated by a newline")]
    public void Malformed_pickles_are_refused_with_the_problem_named(byte[] pickle, string problem)
    {
        string message = Refusal(pickle);
        Assert.Contains("data.pkl is malformed", message);
        Assert.Contains(problem, message);
    }

    [Fact]
    public void Views_outside_their_storage_are_refused()
    {
        Assert.Contains("reaches past the end of the storage", Refusal(OneTensor("w", 4, 1, [2, 2], [2, 1]).Stop().ToArray(), FourFloats));
        Assert.Contains("starts past the end of the storage", Refusal(OneTensor("w", 4, 4, [1], [1]).Stop().ToArray(), FourFloats));
        Assert.Contains("reaches past the end of the storage", Refusal(OneTensor("w", 4, 0, [2, 2], [1, int.MaxValue]).Stop().ToArray(), FourFloats));
        Assert.Contains("negative stride", Refusal(OneTensor("w", 4, 3, [2], [-1]).Stop().ToArray(), FourFloats));
        Assert.Contains("invalid size -2", Refusal(OneTensor("w", 4, 0, [-2], [1]).Stop().ToArray(), FourFloats));
        Assert.Contains("negative storage offset", Refusal(OneTensor("w", 4, -1, [1], [1]).Stop().ToArray(), FourFloats));
        Assert.Contains("2 sizes but 1 strides", Refusal(OneTensor("w", 4, 0, [2, 2], [1]).Stop().ToArray(), FourFloats));
    }

    [Fact]
    public void Zero_stride_blowups_hit_the_memory_budget_not_the_allocator()
    {
        // One float viewed as 40000 × 40000 would need 6.4 GB.
        var pickle = OneTensor("w", 4, 0, [40000, 40000], [0, 0]).Stop().ToArray();
        Assert.Contains("its storages hold only 4", Refusal(pickle, FourFloats, maxBytes: 64 << 20));

        // Legitimately expanded views within the budget still load.
        var small = Load(OneTensor("w", 4, 2, [3, 2], [0, 1]).Stop().ToArray(), FourFloats);
        Assert.Equal([3f, 4, 3, 4, 3, 4], small["w"].Data);
    }

    [Fact]
    public void Storages_must_match_their_declared_size_and_exist()
    {
        Assert.Contains("holds 16 bytes but is declared as 5 elements", Refusal(OneTensor("w", 5, 0, [4], [1]).Stop().ToArray(), FourFloats));
        Assert.Contains("storage '0' is missing", Refusal(OneTensor("w", 4, 0, [4], [1]).Stop().ToArray()));

        var twoTypes = new PickleWriter().Proto().EmptyDict()
            .Str("a").Tensor("FloatStorage", "0", 4, 0, [4], [1]).SetItem()
            .Str("b").Tensor("IntStorage", "0", 4, 0, [4], [1]).SetItem().Stop().ToArray();
        Assert.Contains("referenced both as", Refusal(twoTypes, FourFloats));

        var badKey = new PickleWriter().Proto().EmptyDict().Str("a").Tensor("FloatStorage", "../0", 4, 0, [4], [1]).SetItem().Stop().ToArray();
        Assert.Contains("not a valid archive name", Refusal(badKey, FourFloats));
    }

    [Fact]
    public void Shared_storages_are_read_once_and_viewed_twice()
    {
        var pickle = new PickleWriter().Proto().EmptyDict()
            .Str("first").Tensor("FloatStorage", "0", 4, 0, [2], [1]).SetItem()
            .Str("second").Tensor("FloatStorage", "0", 4, 2, [2], [1]).SetItem().Stop().ToArray();

        var sd = Load(pickle, FourFloats);

        Assert.Equal([1f, 2], sd["first"].Data);
        Assert.Equal([3f, 4], sd["second"].Data);
    }

    [Fact]
    public void Deeply_nested_values_do_not_overflow_the_stack()
    {
        const int depth = 200_000;
        // {"epoch": [[[[...]]]]}: a list nested 200k deep next to nothing else.
        var nestedLists = new PickleWriter().Proto().EmptyDict().Str("epoch");
        for (int i = 0; i < depth; i++) nestedLists.EmptyList();
        for (int i = 0; i < depth - 1; i++) nestedLists.Append();
        nestedLists.SetItem().Stop();
        Assert.Contains("found no state_dict", Refusal(nestedLists.ToArray()));

        // A tuple nested 200k deep used as a dict key.
        var nestedTuples = new PickleWriter().Proto().EmptyDict().EmptyTuple();
        for (int i = 0; i < depth; i++) nestedTuples.Tuple1();
        nestedTuples.Int(1).SetItem().Stop();
        Assert.Contains("unhashable dict key of type tuple", Refusal(nestedTuples.ToArray()));
    }

    [Fact]
    public void Shared_tuples_cannot_make_key_hashing_exponential()
    {
        // t = (1,); then 60 times t = (t, t): a 2^60-leaf key in a few hundred bytes.
        var pickle = new PickleWriter().Proto().EmptyDict().Int(1).Tuple1();
        for (int i = 0; i < 60; i++) pickle.Put(0).Get(0).Tuple2();
        pickle.Int(1).SetItem().Stop();

        Assert.Contains("unhashable dict key of type tuple", Refusal(pickle.ToArray()));
    }

    [Fact]
    public void Wrapper_keys_are_tried_in_priority_order_and_may_nest()
    {
        var pickle = new PickleWriter().Proto().EmptyDict()
            .Str("state_dict_ema").EmptyDict().Str("ema.w").Tensor("FloatStorage", "0", 4, 0, [1], [1]).SetItem().SetItem()
            .Str("model").EmptyDict().Str("state_dict").EmptyDict().Str("w").Tensor("FloatStorage", "0", 4, 3, [1], [1]).SetItem().SetItem().SetItem()
            .Str("epoch").Int(3).SetItem()
            .Stop().ToArray();

        var sd = Load(pickle, FourFloats);

        Assert.Equal(["w"], sd.Keys);
        Assert.Equal(4f, sd["w"].Data[0]);
    }

    [Fact]
    public void Module_prefix_is_stripped_only_when_every_key_has_it()
    {
        var mixed = new PickleWriter().Proto().EmptyDict()
            .Str("module.a").Tensor("FloatStorage", "0", 4, 0, [1], [1]).SetItem()
            .Str("b").Tensor("FloatStorage", "0", 4, 1, [1], [1]).SetItem().Stop().ToArray();
        Assert.Equal(["module.a", "b"], Load(mixed, FourFloats).Keys);

        var all = new PickleWriter().Proto().EmptyDict()
            .Str("module.a").Tensor("FloatStorage", "0", 4, 0, [1], [1]).SetItem()
            .Str("module.module.b").Tensor("FloatStorage", "0", 4, 1, [1], [1]).SetItem().Stop().ToArray();
        Assert.Equal(["a", "module.b"], Load(all, FourFloats).Keys);
    }

    [Fact]
    public void Top_level_dicts_without_a_usable_state_dict_are_explained()
    {
        var mixed = new PickleWriter().Proto().EmptyDict()
            .Str("w").Tensor("FloatStorage", "0", 4, 0, [1], [1]).SetItem()
            .Str("epoch").Int(3).SetItem().Stop().ToArray();
        string message = Refusal(mixed, FourFloats);
        Assert.Contains("found no state_dict", message);
        Assert.Contains("'epoch'", message);

        var notADict = new PickleWriter().Proto().EmptyList().Stop().ToArray();
        Assert.Contains("holds a list, not a dict of tensors", Refusal(notADict));

        var intKey = new PickleWriter().Proto().EmptyDict().Int(7).Tensor("FloatStorage", "0", 4, 0, [1], [1]).SetItem().Stop().ToArray();
        Assert.Contains("key of type int", Refusal(intKey, FourFloats));
    }

    [Fact]
    public void Zip_archives_without_exactly_one_data_pkl_are_refused()
    {
        // Rename the record (same length, so the zip stays consistent) so the archive has no data.pkl.
        var zip = PickleWriter.TorchZip(new PickleWriter().Proto().EmptyDict().Stop().ToArray());
        var renamed = System.Text.Encoding.Latin1.GetBytes(System.Text.Encoding.Latin1.GetString(zip).Replace("data.pkl", "data.txt"));

        var error = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(new MemoryStream(renamed), "renamed.pth"));

        Assert.Contains("no '<name>/data.pkl' record", error.Message);
        Assert.Empty(PyTorchCheckpoint.Read(new MemoryStream(zip), "original.pth"));

        using var twoPickles = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(twoPickles, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "a/data.pkl", "b/data.pkl" })
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(new PickleWriter().Proto().EmptyDict().Stop().ToArray());
            }
        }
        twoPickles.Position = 0;
        Assert.Contains("2 '<name>/data.pkl' records", Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(twoPickles, "two.pth")).Message);
    }
}
