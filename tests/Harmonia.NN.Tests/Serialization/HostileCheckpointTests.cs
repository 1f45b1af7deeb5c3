using Harmonia.NN.Serialization;

namespace Harmonia.NN.Tests.Serialization;

/// <summary>
/// Checkpoints that cost far more to read than their size justifies (issue 13): each must be
/// refused with a <see cref="CheckpointFormatException"/> after work and memory in proportion
/// to the file.
/// </summary>
public class HostileCheckpointTests
{
    private static readonly Dictionary<string, byte[]> OneFloat = new() { ["0"] = PickleWriter.Floats(7) };

    private static StateDict Load(byte[] pickle, IReadOnlyDictionary<string, byte[]>? storages = null)
    {
        using var stream = new MemoryStream(PickleWriter.TorchZip(pickle, storages));
        return PyTorchCheckpoint.Read(stream, "crafted.pth");
    }

    /// <summary>
    /// OrderedDict(pairs) called <paramref name="calls"/> times on one memoized list of
    /// <paramref name="pairs"/> pairs, then an empty state dict.
    /// </summary>
    private static byte[] RepeatedOrderedDict(int pairs, int calls)
    {
        var writer = new PickleWriter().Proto().Global("collections", "OrderedDict").Put(0).Op('0')
            .EmptyList().Put(1).Mark();
        for (int i = 0; i < pairs; i++) writer.Int(i).None().Tuple2();
        writer.Op('e').Op('0'); // APPENDS, POP
        for (int i = 0; i < calls; i++) writer.Get(0).Get(1).Tuple1().Reduce().Op('0');
        return writer.EmptyDict().Stop().ToArray();
    }

    [Fact]
    public void OrderedDict_built_again_and_again_from_one_list_is_refused_early()
    {
        // 2,000 pairs copied 2,000 times: 4 M copies from a 25 KB pickle.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<CheckpointFormatException>(() => Load(RepeatedOrderedDict(2000, 2000)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("copy more than", error.Message);
        Assert.True(allocated < 64 << 20, $"allocated {allocated} bytes before refusing");
    }

    [Fact]
    public void OrderedDict_built_once_from_a_list_of_pairs_still_loads()
    {
        // What a pickle that really wants the dict does: build it once (and a second time is allowed too).
        var error = Record.Exception(() => Load(RepeatedOrderedDict(2000, 2)));
        // The pickle's result is an empty state dict, which may be refused for that; not for the copies.
        Assert.DoesNotContain("copy more than", error?.Message ?? "");
    }

    [Fact]
    public void Fuzzer_found_quadratic_OrderedDict_pickle_is_refused_in_bounded_memory()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(CheckpointTestData.Hostile("pth_ordereddict_quadratic_100k.pth")));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("copy more than", error.Message);
        Assert.True(allocated < 64 << 20, $"allocated {allocated} bytes before refusing");
    }

    [Fact]
    public void Zero_stride_views_may_not_show_far_more_than_the_storages_hold()
    {
        // One stored float shown 16 M times: 64 MB from a few hundred bytes, well inside the 4 GiB import limit.
        var pickle = new PickleWriter().Proto().EmptyDict().Str("w").Tensor("FloatStorage", "0", 1, 0, [1 << 24], [0]).SetItem().Stop().ToArray();

        var error = Assert.Throws<CheckpointFormatException>(() => Load(pickle, OneFloat));

        Assert.Contains("its storages hold only 1", error.Message);
    }

    [Fact]
    public void Small_broadcast_views_of_a_scalar_storage_still_load()
    {
        var pickle = new PickleWriter().Proto().EmptyDict().Str("w").Tensor("FloatStorage", "0", 1, 0, [4, 1000], [0, 0]).SetItem().Stop().ToArray();

        var loaded = Load(pickle, OneFloat);

        Assert.Equal(4000, loaded["w"].Numel);
        Assert.All(loaded["w"].Data, v => Assert.Equal(7f, v));
    }

    [Fact]
    public void Fuzzer_found_zero_stride_checkpoint_is_refused_in_bounded_memory()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(CheckpointTestData.Hostile("pth_zero_stride_1gib.pth")));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("its storages hold only 1", error.Message);
        Assert.True(allocated < 64 << 20, $"allocated {allocated} bytes before refusing");
    }
}
