namespace Harmonia.Evaluation.Metrics;

/// <summary>
/// A separable, normalised Gaussian blur without padding ("valid"): a width × height plane becomes
/// (width − n + 1) × (height − n + 1), each output being the window-weighted mean of the n × n input
/// block whose top-left corner it indexes. Holds its scratch row buffer, so one instance serves many
/// planes of the same size; not thread-safe.
/// </summary>
internal sealed class ValidGaussianFilter
{
    private readonly double[] kernel;
    private readonly int width, height;
    private readonly double[] horizontallyFiltered;

    public ValidGaussianFilter(int windowSize, double sigma, int width, int height)
    {
        kernel = GaussianKernel(windowSize, sigma);
        this.width = width;
        this.height = height;
        OutputWidth = width - windowSize + 1;
        OutputHeight = height - windowSize + 1;
        horizontallyFiltered = new double[height * OutputWidth];
    }

    public int OutputWidth { get; }
    public int OutputHeight { get; }

    /// <summary>The 1-D taps exp(−x²/(2σ²)) for x = −n/2 … n/2, divided by their sum.</summary>
    public static double[] GaussianKernel(int windowSize, double sigma)
    {
        var taps = new double[windowSize];
        int half = windowSize / 2;
        double sum = 0;
        for (int i = 0; i < windowSize; i++)
        {
            double x = i - half;
            taps[i] = Math.Exp(-(x * x) / (2 * sigma * sigma));
            sum += taps[i];
        }
        for (int i = 0; i < windowSize; i++) taps[i] /= sum;
        return taps;
    }

    /// <summary>Blurs <paramref name="source"/> (width × height) into <paramref name="destination"/> (OutputWidth × OutputHeight).</summary>
    public void Apply(ReadOnlySpan<double> source, Span<double> destination)
    {
        int taps = kernel.Length;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<double> row = source.Slice(y * width, width);
            Span<double> outRow = horizontallyFiltered.AsSpan(y * OutputWidth, OutputWidth);
            for (int x = 0; x < OutputWidth; x++)
            {
                double acc = 0;
                for (int k = 0; k < taps; k++) acc += kernel[k] * row[x + k];
                outRow[x] = acc;
            }
        }
        for (int y = 0; y < OutputHeight; y++)
        {
            Span<double> outRow = destination.Slice(y * OutputWidth, OutputWidth);
            outRow.Clear();
            for (int k = 0; k < taps; k++)
            {
                double weight = kernel[k];
                ReadOnlySpan<double> inRow = horizontallyFiltered.AsSpan((y + k) * OutputWidth, OutputWidth);
                for (int x = 0; x < OutputWidth; x++) outRow[x] += weight * inRow[x];
            }
        }
    }
}
