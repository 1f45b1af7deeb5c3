using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// Pooling over the planes of an [N·C, H, W] buffer. Every pool is described by, for each
/// output row and column, the window [start, end) it reads, so fixed and adaptive pools share
/// one kernel.
/// </summary>
internal static class PoolingKernels
{
    /// <summary>Window bounds along one axis: output i reads input [Start[i], End[i]).</summary>
    public readonly record struct Windows(int[] Start, int[] End)
    {
        /// <summary>Windows of a kernel/stride/padding pool (clipped to the input; Padded keeps the unclipped extent for count_include_pad).</summary>
        public static (Windows Clipped, int[] PaddedSize) Fixed(int input, int kernel, int stride, int padding, int output)
        {
            var start = new int[output];
            var end = new int[output];
            var padded = new int[output];
            for (int i = 0; i < output; i++)
            {
                int s = i * stride - padding;
                int e = Math.Min(s + kernel, input + padding);
                padded[i] = e - s;
                start[i] = Math.Max(s, 0);
                end[i] = Math.Min(e, input);
            }
            return (new Windows(start, end), padded);
        }

        /// <summary>PyTorch's adaptive windows: [floor(i·in/out), ceil((i+1)·in/out)).</summary>
        public static Windows Adaptive(int input, int output)
        {
            var start = new int[output];
            var end = new int[output];
            for (int i = 0; i < output; i++)
            {
                start[i] = (int)((long)i * input / output);
                end[i] = (int)(((long)(i + 1) * input + output - 1) / output);
            }
            return new Windows(start, end);
        }
    }

    /// <summary>Average of each window, divided by <paramref name="divisor"/>(oy, ox).</summary>
    public static void Average(float[] x, int planes, int h, int w, Windows rows, Windows cols, Func<int, int, int> divisor, float[] y)
    {
        int oh = rows.Start.Length, ow = cols.Start.Length;
        ParallelRange.For(planes, 1, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        double s = 0;
                        for (int iy = rows.Start[oy]; iy < rows.End[oy]; iy++)
                            for (int ix = cols.Start[ox]; ix < cols.End[ox]; ix++)
                                s += x[(p * h + iy) * w + ix];
                        y[(p * oh + oy) * ow + ox] = (float)(s / divisor(oy, ox));
                    }
        });
    }

    /// <summary>Spreads each output gradient evenly over its window.</summary>
    public static void AverageBackward(float[] gy, int planes, int h, int w, Windows rows, Windows cols, Func<int, int, int> divisor, float[] gx)
    {
        int oh = rows.Start.Length, ow = cols.Start.Length;
        Array.Clear(gx);
        ParallelRange.For(planes, 1, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        float g = gy[(p * oh + oy) * ow + ox] / divisor(oy, ox);
                        for (int iy = rows.Start[oy]; iy < rows.End[oy]; iy++)
                            for (int ix = cols.Start[ox]; ix < cols.End[ox]; ix++)
                                gx[(p * h + iy) * w + ix] += g;
                    }
        });
    }

    /// <summary>Maximum of each window and the flat in-plane index of its first occurrence.</summary>
    public static void Max(float[] x, int planes, int h, int w, Windows rows, Windows cols, float[] y, int[] argmax)
    {
        int oh = rows.Start.Length, ow = cols.Start.Length;
        ParallelRange.For(planes, 1, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        float m = float.NegativeInfinity;
                        int best = rows.Start[oy] * w + cols.Start[ox];
                        for (int iy = rows.Start[oy]; iy < rows.End[oy]; iy++)
                            for (int ix = cols.Start[ox]; ix < cols.End[ox]; ix++)
                            {
                                float v = x[(p * h + iy) * w + ix];
                                if (v > m || float.IsNaN(v)) { m = v; best = iy * w + ix; }
                            }
                        int o = (p * oh + oy) * ow + ox;
                        y[o] = m;
                        argmax[o] = best;
                    }
        });
    }

    /// <summary>Sends each output gradient to its window's maximum.</summary>
    public static void MaxBackward(float[] gy, int planes, int planeSize, int outPlaneSize, int[] argmax, float[] gx)
    {
        Array.Clear(gx);
        ParallelRange.For(planes, 1, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
                for (int o = 0; o < outPlaneSize; o++)
                    gx[p * planeSize + argmax[p * outPlaneSize + o]] += gy[p * outPlaneSize + o];
        });
    }
}
