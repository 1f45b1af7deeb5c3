namespace Harmonia.Imaging;

/// <summary>
/// The taps of a separable resampling filter along one axis, computed the way Pillow's
/// <c>Image.resize</c> does: output pixel <c>i</c> is centred at source coordinate
/// <c>(i + 0.5)·scale</c>; when shrinking (and antialiasing), the filter is stretched by the
/// scale factor so every source pixel contributes; taps falling outside the image are
/// dropped and the remaining weights renormalized to sum to one.
/// </summary>
internal sealed class ResampleWeights
{
    private ResampleWeights(int outputSize, int taps, int[] first, int[] count, double[] weights)
    {
        OutputSize = outputSize;
        TapsPerOutput = taps;
        First = first;
        Count = count;
        Weights = weights;
    }

    public int OutputSize { get; }

    /// <summary>Row length of <see cref="Weights"/>: the most taps any output pixel uses.</summary>
    public int TapsPerOutput { get; }

    /// <summary>First source index that output pixel i reads.</summary>
    public int[] First { get; }

    /// <summary>Number of source pixels output pixel i reads.</summary>
    public int[] Count { get; }

    /// <summary>Weight of tap t of output pixel i at <c>[i * TapsPerOutput + t]</c>.</summary>
    public double[] Weights { get; }

    /// <summary>
    /// Computes the taps for resizing <paramref name="inputSize"/> pixels to <paramref name="outputSize"/>.
    /// Without <paramref name="antialias"/> the filter keeps its natural width when shrinking
    /// (aliasing, but what plain bilinear interpolation does, e.g. PyTorch's default).
    /// </summary>
    public static ResampleWeights Compute(int inputSize, int outputSize, ResamplingFilter filter, bool antialias)
    {
        double support = filter switch
        {
            ResamplingFilter.Bilinear => 1.0,
            ResamplingFilter.Bicubic => 2.0,
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "Nearest neighbour has no filter taps."),
        };
        double scale = (double)inputSize / outputSize;
        double filterScale = antialias ? Math.Max(scale, 1.0) : 1.0;
        support *= filterScale;
        int taps = (int)Math.Ceiling(support) * 2 + 1;

        var first = new int[outputSize];
        var count = new int[outputSize];
        var weights = new double[(long)outputSize * taps];
        double inverseFilterScale = 1.0 / filterScale;

        for (int i = 0; i < outputSize; i++)
        {
            double center = (i + 0.5) * scale;
            // Truncation toward zero, then clamping, as Pillow does (its "+ 0.5" rounds positive values).
            int start = Math.Max(0, (int)(center - support + 0.5));
            int end = Math.Min(inputSize, (int)(center + support + 0.5));
            int n = Math.Max(0, end - start);
            var row = weights.AsSpan(i * taps, taps);
            double sum = 0;
            for (int t = 0; t < n; t++)
            {
                // Distance from the output centre to the centre of source pixel start + t, in filter units.
                double w = Kernel(filter, (t + start - center + 0.5) * inverseFilterScale);
                row[t] = w;
                sum += w;
            }
            if (sum != 0)
                for (int t = 0; t < n; t++) row[t] /= sum;
            first[i] = start;
            count[i] = n;
        }
        return new ResampleWeights(outputSize, taps, first, count, weights);
    }

    /// <summary>
    /// The weights as fixed-point integers with <paramref name="fractionBits"/> fractional bits,
    /// rounded half away from zero (Pillow's 8-bit path uses 22 bits).
    /// </summary>
    public int[] ToFixedPoint(int fractionBits)
    {
        double one = 1 << fractionBits;
        var result = new int[Weights.Length];
        for (int i = 0; i < result.Length; i++)
        {
            double w = Weights[i] * one;
            result[i] = (int)(w < 0 ? w - 0.5 : w + 0.5);
        }
        return result;
    }

    private static double Kernel(ResamplingFilter filter, double x)
    {
        x = Math.Abs(x);
        if (filter == ResamplingFilter.Bilinear)
            return x < 1.0 ? 1.0 - x : 0.0;

        // Keys' cubic convolution with a = -0.5 (Catmull-Rom).
        const double a = -0.5;
        if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
        if (x < 2.0) return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
        return 0.0;
    }
}
