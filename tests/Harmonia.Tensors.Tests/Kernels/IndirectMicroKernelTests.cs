using Harmonia.Tensors.Kernels;

namespace Harmonia.Tensors.Tests.Kernels;

public class IndirectMicroKernelTests
{
    /// <summary>
    /// The vector kernel against its plain form, on rows scattered through a buffer (offsets out of
    /// order, some overlapping): each value is the same chain of fused multiply-adds, so the bits agree.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(300)]
    public unsafe void VectorKernelGivesTheBitsOfItsPlainForm(int depth)
    {
        var rng = new System.Random(depth);
        var a = TestArrays.Random(depth * IndirectMicroKernel.Rows, depth + 1);
        var b = TestArrays.Random(4096, depth + 2);
        var offsets = new int[depth];
        for (int k = 0; k < depth; k++) offsets[k] = rng.Next(0, b.Length - IndirectMicroKernel.Columns);
        var vector = new float[IndirectMicroKernel.Rows * IndirectMicroKernel.Columns];
        var plain = new float[vector.Length];
        fixed (float* ap = a, bp = b, vp = vector, pp = plain)
        fixed (int* op = offsets)
        {
            IndirectMicroKernel.Run(depth, ap, bp, op, vp, accumulate: false);
            IndirectMicroKernel.Reference(depth, ap, bp, op, pp, accumulate: false);
        }
        Assert.Equal(plain, vector);
        Assert.Contains(plain, value => value != 0);
    }

    /// <summary>A sum cut into two slices of k, the second continuing from the first's values, gives the bits of one call.</summary>
    [Fact]
    public unsafe void SlicedSumGivesTheBitsOfOneCall()
    {
        const int depth = 300, cut = 128;
        var rng = new System.Random(5);
        var a = TestArrays.Random(depth * IndirectMicroKernel.Rows, 6);
        var b = TestArrays.Random(4096, 7);
        var offsets = new int[depth];
        for (int k = 0; k < depth; k++) offsets[k] = rng.Next(0, b.Length - IndirectMicroKernel.Columns);
        var whole = new float[IndirectMicroKernel.Rows * IndirectMicroKernel.Columns];
        var sliced = new float[whole.Length];
        var plain = new float[whole.Length];
        fixed (float* ap = a, bp = b, wp = whole, sp = sliced, pp = plain)
        fixed (int* op = offsets)
        {
            IndirectMicroKernel.Run(depth, ap, bp, op, wp, accumulate: false);
            IndirectMicroKernel.Run(cut, ap, bp, op, sp, accumulate: false);
            IndirectMicroKernel.Run(depth - cut, ap + cut * IndirectMicroKernel.Rows, bp, op + cut, sp, accumulate: true);
            IndirectMicroKernel.Reference(cut, ap, bp, op, pp, accumulate: false);
            IndirectMicroKernel.Reference(depth - cut, ap + cut * IndirectMicroKernel.Rows, bp, op + cut, pp, accumulate: true);
        }
        Assert.Equal(whole, sliced);
        Assert.Equal(whole, plain);
    }
}
