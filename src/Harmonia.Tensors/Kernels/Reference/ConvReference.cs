namespace Harmonia.Tensors.Kernels.Reference;

/// <summary>
/// Float64 reference convolutions written straight from the definitions, beside the fast kernels
/// (<see cref="Conv2dKernel"/>, <see cref="ConvTranspose2dKernel"/>, which pack, tile, vectorise and
/// thread the same sums): the plain version to read first, and the one the kernel tests check the
/// fast ones against. Both kinds are described by their taps: every (input element, weight element,
/// output element) triple whose product the operation adds. Forward, input gradient and weight
/// gradient all follow from the same taps.
/// </summary>
internal static class ConvReference
{
    /// <summary>Reference values plus, per element, the sum of absolute terms (for the tolerance).</summary>
    public sealed record Result(double[] Value, double[] Magnitude);

    public delegate void TapVisitor(int inputIndex, int weightIndex, int outputIndex);

    /// <summary>Ordinary convolution: out[b, co, oh, ow] += in[b, g·Cin_g + ci, oh·s − p + kh·d, …] · w[co, ci, kh, kw].</summary>
    public static void ConvTaps(Conv2dShape s, TapVisitor visit)
    {
        int cinG = s.InChannels / s.Groups, coutG = s.OutChannels / s.Groups;
        for (int b = 0; b < s.Batch; b++)
        for (int co = 0; co < s.OutChannels; co++)
        for (int oh = 0; oh < s.OutHeight; oh++)
        for (int ow = 0; ow < s.OutWidth; ow++)
        for (int ci = 0; ci < cinG; ci++)
        for (int kh = 0; kh < s.KernelHeight; kh++)
        for (int kw = 0; kw < s.KernelWidth; kw++)
        {
            int ih = oh * s.StrideHeight - s.PaddingHeight + kh * s.DilationHeight;
            int iw = ow * s.StrideWidth - s.PaddingWidth + kw * s.DilationWidth;
            if (ih < 0 || ih >= s.InHeight || iw < 0 || iw >= s.InWidth) continue;
            int inChannel = co / coutG * cinG + ci;
            visit(((b * s.InChannels + inChannel) * s.InHeight + ih) * s.InWidth + iw,
                ((co * cinG + ci) * s.KernelHeight + kh) * s.KernelWidth + kw,
                ((b * s.OutChannels + co) * s.OutHeight + oh) * s.OutWidth + ow);
        }
    }

    /// <summary>Transposed convolution: out[b, g·Cout_g + co, h·s − p + kh·d, …] += in[b, ci, h, w] · w[ci, co, kh, kw].</summary>
    public static void TransposedTaps(ConvTranspose2dShape s, TapVisitor visit)
    {
        int cinG = s.InChannels / s.Groups, coutG = s.OutChannels / s.Groups;
        for (int b = 0; b < s.Batch; b++)
        for (int ci = 0; ci < s.InChannels; ci++)
        for (int h = 0; h < s.InHeight; h++)
        for (int w = 0; w < s.InWidth; w++)
        for (int co = 0; co < coutG; co++)
        for (int kh = 0; kh < s.KernelHeight; kh++)
        for (int kw = 0; kw < s.KernelWidth; kw++)
        {
            int oh = h * s.StrideHeight - s.PaddingHeight + kh * s.DilationHeight;
            int ow = w * s.StrideWidth - s.PaddingWidth + kw * s.DilationWidth;
            if (oh < 0 || oh >= s.OutHeight || ow < 0 || ow >= s.OutWidth) continue;
            int outChannel = ci / cinG * coutG + co;
            visit(((b * s.InChannels + ci) * s.InHeight + h) * s.InWidth + w,
                ((ci * coutG + co) * s.KernelHeight + kh) * s.KernelWidth + kw,
                ((b * s.OutChannels + outChannel) * s.OutHeight + oh) * s.OutWidth + ow);
        }
    }

    /// <summary>output = Σ input·weight over the taps, plus bias per output channel.</summary>
    public static Result Forward(Action<TapVisitor> taps, float[] input, float[] weight, float[]? bias, int outputLength, int outChannels, int outPlane)
    {
        var value = new double[outputLength];
        var magnitude = new double[outputLength];
        if (bias is not null)
            for (int i = 0; i < outputLength; i++)
            {
                value[i] = bias[i / outPlane % outChannels];
                magnitude[i] = Math.Abs(value[i]);
            }
        taps((x, w, y) => Add(value, magnitude, y, (double)input[x] * weight[w]));
        return new Result(value, magnitude);
    }

    /// <summary>gradInput = Σ gradOutput·weight over the taps.</summary>
    public static Result BackwardInput(Action<TapVisitor> taps, float[] gradOutput, float[] weight, int inputLength)
    {
        var value = new double[inputLength];
        var magnitude = new double[inputLength];
        taps((x, w, y) => Add(value, magnitude, x, (double)gradOutput[y] * weight[w]));
        return new Result(value, magnitude);
    }

    /// <summary>gradWeight = Σ gradOutput·input over the taps.</summary>
    public static Result BackwardWeight(Action<TapVisitor> taps, float[] input, float[] gradOutput, int weightLength)
    {
        var value = new double[weightLength];
        var magnitude = new double[weightLength];
        taps((x, w, y) => Add(value, magnitude, w, (double)gradOutput[y] * input[x]));
        return new Result(value, magnitude);
    }

    /// <summary>gradBias[c] = Σ over batch and pixels of gradOutput[b, c, …].</summary>
    public static Result BiasGradient(float[] gradOutput, int channels, int plane)
    {
        var value = new double[channels];
        var magnitude = new double[channels];
        for (int i = 0; i < gradOutput.Length; i++) Add(value, magnitude, i / plane % channels, gradOutput[i]);
        return new Result(value, magnitude);
    }

    private static void Add(double[] value, double[] magnitude, int index, double term)
    {
        value[index] += term;
        magnitude[index] += Math.Abs(term);
    }
}
