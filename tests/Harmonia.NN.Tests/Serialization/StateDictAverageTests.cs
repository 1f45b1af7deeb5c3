using Harmonia.NN.Serialization;
using Harmonia.Tensors;

namespace Harmonia.NN.Tests.Serialization;

public class StateDictAverageTests
{
    private static StateDict State(float weightOffset, long counter)
    {
        var state = new StateDict();
        state.Add("conv.weight", Tensor.FromArray([1f + weightOffset, -2f + weightOffset, 0.25f, 3f * weightOffset], 2, 2));
        state.Add("conv.bias", Tensor.FromArray([weightOffset], 1));
        state.Add("norm.num_batches_tracked", Tensor.FromArray([counter], 1), CheckpointDType.Int64);
        return state;
    }

    [Fact]
    public void Each_weight_is_the_mean_of_the_inputs_in_the_first_inputs_order()
    {
        var mean = StateDictAverage.Mean([State(0f, 10), State(1f, 20), State(5f, 30)], ["a", "b", "c"]);

        Assert.Equal(["conv.weight", "conv.bias", "norm.num_batches_tracked"], mean.Keys);
        Assert.Equal([3f, 0f, 0.25f, 6f], mean["conv.weight"].Data); // (1 + 2 + 6) / 3, (−2 − 1 + 3) / 3, …
        Assert.Equal([2, 2], mean["conv.weight"].Shape);
        Assert.Equal([2f], mean["conv.bias"].Data);
        // A counter is not a weight: the last state's value, still an integer in its file.
        Assert.Equal([30f], mean["norm.num_batches_tracked"].Data);
        Assert.Equal(CheckpointDType.Int64, mean.GetSourceDType("norm.num_batches_tracked"));
    }

    [Fact]
    public void The_mean_of_one_state_is_that_state()
    {
        var state = State(0.1f, 1);
        var mean = StateDictAverage.Mean([state], ["a"]);
        Assert.All(state.Keys, key => Assert.Equal(state[key].Data, mean[key].Data));
    }

    [Fact]
    public void States_with_other_tensors_or_shapes_are_refused_by_name()
    {
        var other = State(0f, 1);
        other.Remove("conv.bias");
        var missing = Assert.Throws<ArgumentException>(() => StateDictAverage.Mean([State(0f, 1), other], ["first.safetensors", "second.safetensors"]));
        Assert.Contains("second.safetensors has no tensor 'conv.bias'", missing.Message);

        var reshaped = State(0f, 1);
        reshaped["conv.weight"] = Tensor.FromArray(new float[4], 4);
        var shape = Assert.Throws<ArgumentException>(() => StateDictAverage.Mean([State(0f, 1), reshaped], ["first.safetensors", "second.safetensors"]));
        Assert.Contains("second.safetensors: tensor 'conv.weight' is [4] but [2, 2] in first.safetensors", shape.Message);

        Assert.Throws<ArgumentException>(() => StateDictAverage.Mean([], []));
    }
}
