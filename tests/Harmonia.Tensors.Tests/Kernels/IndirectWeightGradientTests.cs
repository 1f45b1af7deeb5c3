using Harmonia.Tensors.Kernels;

namespace Harmonia.Tensors.Tests.Kernels;

public class IndirectWeightGradientTests
{
    /// <summary>
    /// The 4×6 block of dot products against its plain form, on tap runs scattered through a buffer
    /// (offsets out of order, some overlapping): each lane is the same chain of fused multiply-adds and
    /// the lanes are added the same way, so the bits agree.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(40)]
    public unsafe void VectorBlockGivesTheBitsOfItsPlainForm(int steps)
    {
        int length = steps * IndirectWeightGradient.Lanes, aStride = length + 16;
        var rng = new System.Random(steps);
        var a = TestArrays.Random(IndirectWeightGradient.ChannelBlock * aStride, steps + 1);
        var b = TestArrays.Random(length + 4096, steps + 2);
        var offsets = new int[IndirectWeightGradient.TapBlock];
        for (int j = 0; j < offsets.Length; j++) offsets[j] = rng.Next(0, b.Length - length);
        var vector = new float[IndirectWeightGradient.ChannelBlock * IndirectWeightGradient.TapBlock];
        var plain = new float[vector.Length];
        fixed (float* ap = a, bp = b, vp = vector, pp = plain)
        fixed (int* op = offsets)
        {
            IndirectWeightGradient.DotBlock(ap, aStride, bp, op, steps, vp);
            IndirectWeightGradient.Reference(ap, aStride, bp, op, steps, pp);
        }
        Assert.Equal(plain, vector);
        Assert.All(plain, value => Assert.NotEqual(0f, value));
    }
}
