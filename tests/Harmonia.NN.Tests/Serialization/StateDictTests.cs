using Harmonia.NN.Serialization;
using Harmonia.Tensors;

namespace Harmonia.NN.Tests.Serialization;

public class StateDictTests
{
    private static Tensor Values(params float[] values) => Tensor.FromArray(values, values.Length);

    [Fact]
    public void Enumerates_in_insertion_order_not_sorted()
    {
        var sd = new StateDict();
        sd.Add("zeta", Values(1));
        sd.Add("alpha", Values(2));
        sd.Add("mid", Values(3));

        Assert.Equal(["zeta", "alpha", "mid"], sd.Keys);
        Assert.Equal(["zeta", "alpha", "mid"], sd.Select(p => p.Key));
        Assert.Equal(3, sd.Count);
    }

    [Fact]
    public void Replacing_a_tensor_keeps_its_position_and_source_dtype()
    {
        var sd = new StateDict();
        sd.Add("a", Values(1));
        sd.Add("bn.num_batches_tracked", Values(5), CheckpointDType.Int64);
        sd.Add("c", Values(3));

        sd["bn.num_batches_tracked"] = Values(6);

        Assert.Equal(["a", "bn.num_batches_tracked", "c"], sd.Keys);
        Assert.Equal(6f, sd["bn.num_batches_tracked"].Item());
        Assert.Equal(CheckpointDType.Int64, sd.GetSourceDType("bn.num_batches_tracked"));
    }

    [Fact]
    public void Indexer_appends_new_names_as_float32()
    {
        var sd = new StateDict();
        sd["w"] = Values(1, 2);
        Assert.Equal(CheckpointDType.Float32, sd.GetSourceDType("w"));
        Assert.Equal(["w"], sd.Keys);
    }

    [Fact]
    public void Remove_keeps_the_order_of_the_others()
    {
        var sd = new StateDict();
        foreach (var name in new[] { "a", "b", "c", "d" }) sd.Add(name, Values(0));

        Assert.True(sd.Remove("b"));
        Assert.False(sd.Remove("b"));
        Assert.Equal(["a", "c", "d"], sd.Keys);
        Assert.False(sd.ContainsKey("b"));
    }

    [Fact]
    public void Duplicate_add_and_missing_lookup_name_the_key()
    {
        var sd = new StateDict();
        sd.Add("w", Values(1));

        var duplicate = Assert.Throws<ArgumentException>(() => sd.Add("w", Values(2)));
        Assert.Contains("'w'", duplicate.Message);
        var missing = Assert.Throws<KeyNotFoundException>(() => sd["nope"]);
        Assert.Contains("'nope'", missing.Message);
        Assert.Throws<KeyNotFoundException>(() => sd.GetSourceDType("nope"));
        Assert.False(sd.TryGetValue("nope", out _));
    }

    [Fact]
    public void RemoveOptimizerState_drops_only_the_optimizer_entries()
    {
        var sd = new StateDict();
        foreach (var name in new[] { "conv.weight", "optimizer.conv.weight.exp_avg", "conv.bias", "optimizer.step", "optimizer_head.weight" })
            sd.Add(name, Values(0));

        Assert.Equal(2, sd.RemoveOptimizerState());
        Assert.Equal(["conv.weight", "conv.bias", "optimizer_head.weight"], sd.Keys);
        Assert.Equal(0, sd.RemoveOptimizerState());
    }
}
