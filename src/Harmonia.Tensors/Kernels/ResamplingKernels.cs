using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// Resampling of the planes of an [N·C, H, W] buffer by separable two-tap tables: output
/// coordinate i reads input Low[i] with weight 1 − Frac[i] and High[i] with weight Frac[i].
/// Nearest is the special case Frac = 0; bilinear fills both taps.
/// </summary>
public static class ResamplingKernels
{
    /// <summary>Two-tap sampling table for one axis.</summary>
    public sealed record AxisTaps(int[] Low, int[] High, float[] Frac)
    {
        /// <summary>
        /// PyTorch's legacy 'nearest': src = min(floor(dst · scale), in − 1), scale = 1/scale_factor when
        /// given, else in/out; except that PyTorch copies when out = in and uses dst / 2 when out = 2·in,
        /// whatever the scale factor (e.g. 5 × 2.1 → 10 samples as 2×, not with 1/2.1).
        /// </summary>
        public static AxisTaps Nearest(int input, int output, double? scaleFactor)
        {
            float scale = scaleFactor is { } f ? (float)(1.0 / f) : (float)input / output;
            var low = new int[output];
            for (int i = 0; i < output; i++)
                low[i] = output == input ? i
                    : output == 2 * input ? i >> 1
                    : Math.Min((int)MathF.Floor(i * scale), input - 1);
            return new AxisTaps(low, low, new float[output]);
        }

        /// <summary>PyTorch's 'bilinear' taps along one axis, with or without align_corners.</summary>
        public static AxisTaps Linear(int input, int output, bool alignCorners, double? scaleFactor)
        {
            var low = new int[output];
            var high = new int[output];
            var frac = new float[output];
            float scale = alignCorners
                ? (output > 1 ? (float)(input - 1) / (output - 1) : 0f)
                : scaleFactor is { } f ? (float)(1.0 / f) : (float)input / output;
            for (int i = 0; i < output; i++)
            {
                float src = alignCorners ? i * scale : Math.Max((i + 0.5f) * scale - 0.5f, 0f);
                int i0 = Math.Min((int)src, input - 1);
                low[i] = i0;
                high[i] = Math.Min(i0 + 1, input - 1);
                frac[i] = src - i0;
            }
            return new AxisTaps(low, high, frac);
        }
    }

    /// <summary>y[p, oy, ox] from the four taps of (oy, ox).</summary>
    public static void Forward(float[] x, int planes, int h, int w, AxisTaps rows, AxisTaps cols, float[] y)
    {
        int oh = rows.Low.Length, ow = cols.Low.Length;
        ParallelRange.For(planes * oh, Math.Max(1, 4096 / Math.Max(ow, 1)), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                int p = r / oh, oy = r % oh;
                int top = (p * h + rows.Low[oy]) * w, bottom = (p * h + rows.High[oy]) * w;
                float fy = rows.Frac[oy];
                int o = r * ow;
                for (int ox = 0; ox < ow; ox++)
                {
                    float fx = cols.Frac[ox];
                    int l = cols.Low[ox], hi = cols.High[ox];
                    float t = x[top + l] + fx * (x[top + hi] - x[top + l]);
                    float b = x[bottom + l] + fx * (x[bottom + hi] - x[bottom + l]);
                    y[o + ox] = fy == 0f ? t : t + fy * (b - t);
                }
            }
        });
    }

    /// <summary>Scatters output gradients back to the four taps (per plane, so planes never race).</summary>
    public static void Backward(float[] gy, int planes, int h, int w, AxisTaps rows, AxisTaps cols, float[] gx)
    {
        int oh = rows.Low.Length, ow = cols.Low.Length;
        Array.Clear(gx);
        ParallelRange.For(planes, 1, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
                for (int oy = 0; oy < oh; oy++)
                {
                    int top = (p * h + rows.Low[oy]) * w, bottom = (p * h + rows.High[oy]) * w;
                    float fy = rows.Frac[oy];
                    for (int ox = 0; ox < ow; ox++)
                    {
                        float g = gy[(p * oh + oy) * ow + ox];
                        float fx = cols.Frac[ox];
                        int l = cols.Low[ox], hi = cols.High[ox];
                        gx[top + l] += g * (1 - fy) * (1 - fx);
                        gx[top + hi] += g * (1 - fy) * fx;
                        gx[bottom + l] += g * fy * (1 - fx);
                        gx[bottom + hi] += g * fy * fx;
                    }
                }
        });
    }
}
