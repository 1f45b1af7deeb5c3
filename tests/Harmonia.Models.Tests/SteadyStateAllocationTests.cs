using Harmonia.Models.Hdnet;
using Harmonia.Tensors;
using Harmonia.Tensors.Random;

namespace Harmonia.Models.Tests;

/// <summary>Repeated inference at one size takes its buffers from the pool instead of allocating them.</summary>
public class SteadyStateAllocationTests
{
    [Fact]
    public void RepeatedHarmonizationTakesEveryIntermediateFromThePool()
    {
        var spec = HdnetArchitecture.Instance.Spec(new HdnetConfig { Ngf = 4 });
        var network = spec.Build();
        HdnetInit.Apply(network, new RandomGenerator(1));
        var harmonizer = new NetworkHarmonizer("tiny", spec, network);
        var composite = Tensor.Full([1, 3, 64, 64], 0.4f);
        var mask = Tensor.Zeros(1, 1, 64, 64);
        for (int i = 0; i < 64 * 20; i++) mask.Data[i] = 1f;

        long FreshFloats(Action action)
        {
            long before = BufferPool.FreshlyAllocatedFloats;
            action();
            return BufferPool.FreshlyAllocatedFloats - before;
        }

        // Idle buffers left by earlier tests of the same sizes would serve the first pass: start cold.
        BufferPool.Clear();
        long first = FreshFloats(() => harmonizer.Harmonize(composite, mask));
        harmonizer.Harmonize(composite, mask);
        long steady = FreshFloats(() => harmonizer.Harmonize(composite, mask));
        // The first pass fills the pool; afterwards only the kept result is new.
        Assert.True(first > 100_000, $"the first pass drew only {first} floats");
        Assert.Equal(3 * 64 * 64, steady);
    }
}
