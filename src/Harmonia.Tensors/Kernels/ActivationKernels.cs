using System.Runtime.Intrinsics;
using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>Kernels of the activations that need more than a TensorPrimitives call.</summary>
internal static class ActivationKernels
{
    private const int ChunkElements = 1 << 16;

    /// <summary>y = x where x &gt; 0, slope·x elsewhere.</summary>
    public static void LeakyRelu(float[] x, float[] y, float slope)
    {
        ParallelRange.For(x.Length, ChunkElements, (start, end) =>
        {
            var vs = Vector256.Create(slope);
            int i = start;
            ref float xr = ref x[0];
            ref float yr = ref y[0];
            for (; i + 8 <= end; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * vs).StoreUnsafe(ref yr, (nuint)i);
            }
            for (; i < end; i++) y[i] = x[i] > 0 ? x[i] : x[i] * slope;
        });
    }

    /// <summary>g = gy where x &gt; 0, slope·gy elsewhere (at x = 0 the slope side, as PyTorch does).</summary>
    public static void LeakyReluBackward(float[] x, float[] gy, float[] g, float slope)
    {
        ParallelRange.For(x.Length, ChunkElements, (start, end) =>
        {
            var vs = Vector256.Create(slope);
            int i = start;
            ref float xr = ref x[0];
            ref float gyr = ref gy[0];
            ref float gr = ref g[0];
            for (; i + 8 <= end; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var d = Vector256.LoadUnsafe(ref gyr, (nuint)i);
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), d, d * vs).StoreUnsafe(ref gr, (nuint)i);
            }
            for (; i < end; i++) g[i] = x[i] > 0 ? gy[i] : gy[i] * slope;
        });
    }

    /// <summary>Softmax over the middle axis of an [outer, length, inner] buffer.</summary>
    public static void Softmax(float[] x, float[] y, int outer, int length, int inner)
    {
        ParallelRange.For(outer * inner, 64, (start, end) =>
        {
            for (int r = start; r < end; r++)
            {
                int o = r / inner, i = r % inner;
                int baseIndex = o * length * inner + i;
                float max = float.NegativeInfinity;
                for (int k = 0; k < length; k++) max = Math.Max(max, x[baseIndex + k * inner]);
                double sum = 0;
                for (int k = 0; k < length; k++)
                {
                    float e = MathF.Exp(x[baseIndex + k * inner] - max);
                    y[baseIndex + k * inner] = e;
                    sum += e;
                }
                float inv = (float)(1.0 / sum);
                for (int k = 0; k < length; k++) y[baseIndex + k * inner] *= inv;
            }
        });
    }

    /// <summary>g = y ⊙ (gy − Σ gy ⊙ y) over the middle axis.</summary>
    public static void SoftmaxBackward(float[] y, float[] gy, float[] g, int outer, int length, int inner)
    {
        ParallelRange.For(outer * inner, 64, (start, end) =>
        {
            for (int r = start; r < end; r++)
            {
                int o = r / inner, i = r % inner;
                int baseIndex = o * length * inner + i;
                double dot = 0;
                for (int k = 0; k < length; k++) dot += (double)gy[baseIndex + k * inner] * y[baseIndex + k * inner];
                float d = (float)dot;
                for (int k = 0; k < length; k++) g[baseIndex + k * inner] = y[baseIndex + k * inner] * (gy[baseIndex + k * inner] - d);
            }
        });
    }
}
