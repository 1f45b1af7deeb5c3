using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors;

/// <summary>How <see cref="Functional.Pad"/> fills the border.</summary>
public enum PaddingMode
{
    /// <summary>A constant (zero by default).</summary>
    Constant,
    /// <summary>Mirror without repeating the edge: [a b c] padded by 2 on the left is [c b a b c].</summary>
    Reflect,
}

public static partial class Functional
{
    /// <summary>
    /// Pads the last two axes of an [N, C, H, W] tensor, like <c>F.pad(x, (left, right, top, bottom), mode)</c>.
    /// Negative amounts crop.
    /// </summary>
    public static Tensor Pad(Tensor x, int left, int right, int top, int bottom, PaddingMode mode = PaddingMode.Constant, float value = 0f)
    {
        RequireRank(x, 4, "pad");
        int h = x.Shape[2], w = x.Shape[3];
        int oh = h + top + bottom, ow = w + left + right;
        if (oh <= 0 || ow <= 0) throw new ArgumentException($"Padding ({left}, {right}, {top}, {bottom}) leaves nothing of a {h}×{w} plane.");
        if (mode == PaddingMode.Reflect && (left >= w || right >= w || top >= h || bottom >= h))
            throw new ArgumentException($"Reflection padding must be smaller than the plane ({h}×{w}), got ({left}, {right}, {top}, {bottom}).");
        var rowSource = SourceIndices(h, top, oh, mode);
        var colSource = SourceIndices(w, left, ow, mode);
        int planes = x.Shape[0] * x.Shape[1];
        var y = Tensor.Empty(x.Shape[0], x.Shape[1], oh, ow);
        ParallelRange.For(planes, 1, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        int sy = rowSource[oy], sx = colSource[ox];
                        y.Data[(p * oh + oy) * ow + ox] = sy < 0 || sx < 0 ? value : x.Data[(p * h + sy) * w + sx];
                    }
        });
        return Autograd.Record("pad", y, [x], gy =>
        {
            var gx = Tensor.Zeros(x.Shape);
            ParallelRange.For(planes, 1, (p0, p1) =>
            {
                for (int p = p0; p < p1; p++)
                    for (int oy = 0; oy < oh; oy++)
                        for (int ox = 0; ox < ow; ox++)
                        {
                            int sy = rowSource[oy], sx = colSource[ox];
                            if (sy >= 0 && sx >= 0) gx.Data[(p * h + sy) * w + sx] += gy.Data[(p * oh + oy) * ow + ox];
                        }
            });
            x.AccumulateGrad(gx);
        });
    }

    /// <summary>For each padded coordinate, the input coordinate it copies, or −1 for the constant.</summary>
    private static int[] SourceIndices(int size, int before, int outSize, PaddingMode mode)
    {
        var source = new int[outSize];
        for (int o = 0; o < outSize; o++)
        {
            int i = o - before;
            if (mode == PaddingMode.Reflect)
            {
                if (i < 0) i = -i;
                if (i >= size) i = 2 * (size - 1) - i;
                source[o] = i;
            }
            else source[o] = i >= 0 && i < size ? i : -1;
        }
        return source;
    }
}
