using Harmonia.Imaging.Quality;

namespace Harmonia.Evaluation.Metrics;

/// <summary>
/// The foreground weights M of one composite, one value per pixel in [0, 1], row-major
/// (index y * Width + x). A binary mask holds only 0 and 1; a soft (anti-aliased) mask may hold
/// anything in between, which is where the two fMSE variants differ (see <see cref="FmseVariant"/>).
/// The weights are copied on creation, so the mask is immutable.
/// </summary>
public sealed class ForegroundMask
{
    private readonly float[] weights;

    private ForegroundMask(int width, int height, float[] weights)
    {
        Width = width;
        Height = height;
        this.weights = weights;
        double sum = 0;
        bool binary = true;
        foreach (float w in weights)
        {
            sum += w;
            if (w != 0f && w != 1f) binary = false;
        }
        Sum = sum;
        IsBinary = binary;
    }

    /// <summary>Mask width in pixels.</summary>
    public int Width { get; }

    /// <summary>Mask height in pixels.</summary>
    public int Height { get; }

    /// <summary>The per-pixel weights, row-major.</summary>
    public ReadOnlySpan<float> Weights => weights;

    /// <summary>ΣM, the (possibly fractional) number of foreground pixels, summed in double.</summary>
    public double Sum { get; }

    /// <summary>
    /// ΣM / (Width × Height): the foreground ratio used for the iHarmony4 ratio buckets. For a binary
    /// mask this is an exact count divided by the pixel count, so a mask with exactly 5% foreground
    /// compares equal to 0.05.
    /// </summary>
    public double ForegroundRatio => Sum / ((double)Width * Height);

    /// <summary>True when the mask has any foreground weight (ΣM &gt; 0); fMSE and fPSNR are undefined otherwise.</summary>
    public bool HasForeground => Sum > 0;

    /// <summary>True when every weight is exactly 0 or 1.</summary>
    public bool IsBinary { get; }

    /// <summary>
    /// Builds a binary mask from a byte plane of Width × Height values where any non-zero byte is
    /// foreground, so both 0/1 planes and 0/255 mask images are accepted as they are.
    /// </summary>
    public static ForegroundMask FromBinaryPlane(int width, int height, byte[] plane)
    {
        ArgumentNullException.ThrowIfNull(plane);
        RequirePlaneLength(width, height, plane.LongLength);
        var weights = new float[plane.Length];
        for (int i = 0; i < plane.Length; i++) weights[i] = plane[i] != 0 ? 1f : 0f;
        return new ForegroundMask(width, height, weights);
    }

    /// <summary>Builds a binary mask from a boolean plane of Width × Height values (true = foreground).</summary>
    public static ForegroundMask FromBooleans(int width, int height, bool[] plane)
    {
        ArgumentNullException.ThrowIfNull(plane);
        RequirePlaneLength(width, height, plane.LongLength);
        var weights = new float[plane.Length];
        for (int i = 0; i < plane.Length; i++) weights[i] = plane[i] ? 1f : 0f;
        return new ForegroundMask(width, height, weights);
    }

    /// <summary>
    /// Builds a (possibly soft) mask from Width × Height weights, each finite and within [0, 1].
    /// </summary>
    /// <exception cref="ArgumentException">A weight is NaN, infinite or outside [0, 1], or the length is wrong.</exception>
    public static ForegroundMask FromWeights(int width, int height, float[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        RequirePlaneLength(width, height, weights.LongLength);
        for (int i = 0; i < weights.Length; i++)
        {
            float w = weights[i];
            // NaN fails both comparisons' negation, so test the accepted range positively.
            if (!(w >= 0f && w <= 1f))
                throw new ArgumentException(
                    $"Mask weight at pixel ({i % width}, {i / width}) is {w}; weights must lie in [0, 1].", nameof(weights));
        }
        return new ForegroundMask(width, height, (float[])weights.Clone());
    }

    private static void RequirePlaneLength(int width, int height, long length)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Mask size must be positive, got {width}x{height}.");
        long expected = (long)width * height;
        if (length != expected)
            throw new ArgumentException($"Expected {expected} mask values for {width}x{height}, got {length}.", "plane");
    }
}
