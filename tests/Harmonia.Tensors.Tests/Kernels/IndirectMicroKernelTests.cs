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
            IndirectMicroKernel.Run(depth, ap, bp, op, vp);
            IndirectMicroKernel.Reference(depth, ap, bp, op, pp);
        }
        Assert.Equal(plain, vector);
        Assert.Contains(plain, value => value != 0);
    }
}
