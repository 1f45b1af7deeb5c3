using Harmonia.Tensors;

namespace Harmonia.Models;

/// <summary>
/// Harmonia's colour-map output, wrapped around any harmonizer: the inner model's result is reduced
/// to one affine colour transform of the object, <c>out = A·rgb + b</c> (a 3×4 matrix), fitted by least
/// squares to map the composite's foreground pixels onto the model's, and then applied to the
/// composite. The object keeps every detail and texture of its own pixels, only its colours change,
/// and all of it the same way: a dense output's noise, grid texture or a local repaint cannot come
/// through. The network is unchanged, so checkpoints and parity are unaffected.
/// <para>
/// A change smaller than <see cref="MinimumChange"/> is taken for the network's noise rather than a
/// correction: the fitted map is pulled toward the identity by the factor 1 − (minimum / size)²
/// (a non-negative garrote on the change's size), so a photo that needs no fix comes back as it was,
/// while a correction several times the minimum keeps nearly all of its size.
/// </para>
/// <para>
/// A <see cref="ColorGuard"/> then bounds how far the map may grey the object or turn its mean hue: a map
/// that would repaint the object is scaled toward the identity until it keeps the object's colour family.
/// </para>
/// </summary>
/// <remarks>
/// Measured on the held-out Lalonde photos with the GPU-trained HDNet-lite (docs/training.md), the
/// projection lowered fMSE on lighting composites and on the do-no-harm check alike. It cannot express
/// changes that differ across the object (a shadow on half of it); that is the price of never
/// repainting.
/// </remarks>
public sealed class ColorMapHarmonizer : IHarmonizer
{
    // A tiny ridge toward the identity map keeps the fit stable on flat or tiny objects, where the
    // 4×4 normal matrix is nearly singular; it is negligible against thousands of pixels.
    private const double Ridge = 1e-3;

    /// <summary>
    /// The default <see cref="MinimumChange"/>, in 8-bit levels: the smallest whole value that brings the
    /// bundled HDNet-lite's do-no-harm fMSE to 60 or less on one half of the held-out photos (the other
    /// half played no part; docs/training.md, "Changes too small to be corrections").
    /// </summary>
    public const double DefaultMinimumChange = 6;

    /// <summary>Whether <paramref name="levels"/> can be a <see cref="MinimumChange"/>: a number of 8-bit levels from 0 to 255.</summary>
    public static bool IsValidMinimumChange(double levels) => double.IsFinite(levels) && levels is >= 0 and <= 255;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The model whose output is projected.</param>
    /// <param name="minimumChange">See <see cref="MinimumChange"/>; 0 keeps the fitted map as it is (see <see cref="IsValidMinimumChange"/>).</param>
    /// <param name="colorGuard">See <see cref="ColorGuard"/>; null for <see cref="Models.ColorGuard.Default"/>, <see cref="Models.ColorGuard.Off"/> for none.</param>
    public ColorMapHarmonizer(IHarmonizer inner, double minimumChange = DefaultMinimumChange, ColorGuard? colorGuard = null)
    {
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
        if (!IsValidMinimumChange(minimumChange))
            throw new ArgumentOutOfRangeException(nameof(minimumChange), minimumChange, "The minimum change is a number of 8-bit levels from 0 to 255.");
        MinimumChange = minimumChange;
        ColorGuard = colorGuard ?? ColorGuard.Default;
    }

    /// <summary>The model whose output is projected.</summary>
    public IHarmonizer Inner { get; }

    /// <summary>
    /// The size of change, in 8-bit levels (the root mean square over the object's pixels and
    /// channels, the square root of fMSE's units), below which the map is the identity; a larger
    /// change of size d keeps its direction and is scaled by 1 − (minimum / d)².
    /// </summary>
    public double MinimumChange { get; }

    /// <summary>The bound on the object's change of hue and chroma, applied after <see cref="MinimumChange"/>.</summary>
    public ColorGuard ColorGuard { get; }

    /// <summary>The same model with another minimum change and guard (the web API's per-request choices).</summary>
    public ColorMapHarmonizer With(double minimumChange, ColorGuard colorGuard) =>
        minimumChange == MinimumChange && colorGuard == ColorGuard ? this : new ColorMapHarmonizer(Inner, minimumChange, colorGuard);

    /// <inheritdoc />
    public string Name => Inner.Name;

    /// <inheritdoc />
    public int SizeMultiple => Inner.SizeMultiple;

    /// <inheritdoc />
    public Tensor Harmonize(Tensor composite, Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(composite);
        ArgumentNullException.ThrowIfNull(mask);
        Tensor harmonized = Inner.Harmonize(composite, mask);
        return Project(composite, harmonized, mask, MinimumChange, ColorGuard);
    }

    /// <summary>
    /// The composite with the affine colour map that best takes its foreground to
    /// <paramref name="harmonized"/>'s applied inside the mask (the background is the composite's).
    /// All three tensors are [N, C, H, W] with C = 3 for the images and 1 for the mask, values in [0, 1];
    /// <paramref name="minimumChange"/> is <see cref="MinimumChange"/> and <paramref name="colorGuard"/> <see cref="ColorGuard"/>.
    /// </summary>
    public static Tensor Project(Tensor composite, Tensor harmonized, Tensor mask, double minimumChange, ColorGuard colorGuard)
    {
        ArgumentNullException.ThrowIfNull(colorGuard);
        int batch = composite.Shape[0], height = composite.Shape[2], width = composite.Shape[3], plane = height * width;
        if (composite.Shape[1] != 3 || !harmonized.Shape.SequenceEqual(composite.Shape) || mask.Shape[1] != 1
            || mask.Shape[0] != batch || mask.Shape[2] != height || mask.Shape[3] != width)
            throw new ArgumentException("The colour map takes a [N, 3, H, W] composite and output and a [N, 1, H, W] mask.");
        var result = new float[composite.Numel];
        float[] c = composite.Data, h = harmonized.Data, m = mask.Data;
        for (int n = 0; n < batch; n++)
        {
            int image = n * 3 * plane, weights = n * plane;
            var map = new AffineColorMap(Fit(c, h, m, image, weights, plane, minimumChange, colorGuard));
            map.Apply(c.AsSpan(image, 3 * plane), result.AsSpan(image, 3 * plane), m.AsSpan(weights, plane));
        }
        return Tensor.FromArray(result, composite.Shape);
    }

    /// <summary>
    /// Fits the colour map as <see cref="Project"/> does, from <paramref name="composite"/> to
    /// <paramref name="harmonized"/> over <paramref name="mask"/>, and applies it to every pixel of
    /// <paramref name="target"/> (the same picture, possibly at another resolution): the picture as the
    /// colour adjustment makes it everywhere, for a soft mask to blend in with its coverage.
    /// </summary>
    /// <param name="composite">[1, 3, H, W] in [0, 1], what the model was given.</param>
    /// <param name="harmonized">[1, 3, H, W], the model's result.</param>
    /// <param name="mask">[1, 1, H, W], the pixels the map is fitted on.</param>
    /// <param name="target">[1, 3, h, w] in [0, 1], the pixels to map.</param>
    /// <param name="minimumChange"><see cref="MinimumChange"/>.</param>
    /// <param name="colorGuard"><see cref="ColorGuard"/>, judged on <paramref name="composite"/>'s object.</param>
    public static Tensor MapEveryPixel(Tensor composite, Tensor harmonized, Tensor mask, Tensor target, double minimumChange, ColorGuard colorGuard)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(colorGuard);
        int height = composite.Shape[2], width = composite.Shape[3], plane = height * width;
        if (composite.Shape[0] != 1 || composite.Shape[1] != 3 || !harmonized.Shape.SequenceEqual(composite.Shape)
            || !mask.Shape.SequenceEqual([1, 1, height, width]) || target.Shape[0] != 1 || target.Shape[1] != 3)
            throw new ArgumentException("The colour map takes one [1, 3, H, W] composite and output, a [1, 1, H, W] mask and a [1, 3, h, w] target.");
        var map = new AffineColorMap(Fit(composite.Data, harmonized.Data, mask.Data, 0, 0, plane, minimumChange, colorGuard));
        var result = new float[target.Numel];
        map.Apply(target.Data.AsSpan(0, result.Length), result, coverage: default);
        return Tensor.FromArray(result, target.Shape);
    }

    // Least squares for each output channel k: minimize Σ w·(A_k·[r, g, b, 1] − h_k)² + ridge·|A_k − I_k|²,
    // solved through the 4×4 normal equations in double, then shrunk toward the identity by minimumChange
    // and, if it would still take the object out of its colour family, by the guard.
    private static double[,] Fit(float[] c, float[] h, float[] m, int image, int weights, int plane, double minimumChange, ColorGuard colorGuard)
    {
        var (normal, right) = NormalEquations(c, h, m, image, weights, plane);
        var ridged = (double[,])normal.Clone();
        for (int i = 0; i < 4; i++) ridged[i, i] += Ridge;
        for (int k = 0; k < 3; k++) right[k, k] += Ridge; // pulls toward the identity row
        var map = new double[3, 4];
        var inverse = Invert4(ridged);
        for (int k = 0; k < 3; k++)
            for (int j = 0; j < 4; j++)
            {
                double sum = 0;
                for (int i = 0; i < 4; i++) sum += inverse[j, i] * right[k, i];
                map[k, j] = sum;
            }
        ShrinkTowardIdentity(map, normal, minimumChange);
        ScaleChange(map, colorGuard.AllowedScale(map, c, image, m, weights, plane));
        return map;
    }

    // N = Σ w·x·xᵀ and R_k = Σ w·x·h_k over the weighted pixels, x = [r, g, b, 1]. Each term is formed as
    // (w·x_i)·x_j, in this order, so the sums are those of the plain loop over a 4×4 array, bit for bit.
    private static (double[,] Normal, double[,] Right) NormalEquations(float[] c, float[] h, float[] m, int image, int weights, int plane)
    {
        Span<double> n = stackalloc double[16];
        Span<double> rt = stackalloc double[12];
        Span<double> x = stackalloc double[4];
        x[3] = 1;
        var red = c.AsSpan(image, plane);
        var green = c.AsSpan(image + plane, plane);
        var blue = c.AsSpan(image + 2 * plane, plane);
        var coverage = m.AsSpan(weights, plane);
        for (int p = 0; p < plane; p++)
        {
            double w = coverage[p];
            if (w == 0) continue;
            x[0] = red[p]; x[1] = green[p]; x[2] = blue[p];
            double h0 = h[image + p], h1 = h[image + plane + p], h2 = h[image + 2 * plane + p];
            for (int i = 0; i < 4; i++)
            {
                double wx = w * x[i];
                n[4 * i] += wx * x[0];
                n[4 * i + 1] += wx * x[1];
                n[4 * i + 2] += wx * x[2];
                n[4 * i + 3] += wx * x[3];
                rt[i] += wx * h0;
                rt[4 + i] += wx * h1;
                rt[8 + i] += wx * h2;
            }
        }
        var normal = new double[4, 4];
        var right = new double[3, 4];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++) normal[i, j] = n[4 * i + j];
            for (int k = 0; k < 3; k++) right[k, i] = rt[4 * k + i];
        }
        return (normal, right);
    }

    // The map's change D = map − [I | 0] moves pixel x by D·x, so its mean square over the weighted
    // pixels is Σ_k D_k·N·D_kᵀ / (3·Σw) with N = Σ w·x·xᵀ, the unridged normal matrix (N[3, 3] = Σw).
    // Scaling D by s scales that size by s. s = max(0, 1 − (minimum/size)²), the non-negative garrote,
    // drops small changes and barely touches large ones; measured against the soft threshold
    // 1 − minimum/size it costs large corrections less for the same do-no-harm gain (docs/training.md).
    private static void ShrinkTowardIdentity(double[,] map, double[,] normal, double minimumChange)
    {
        double totalWeight = normal[3, 3];
        if (minimumChange <= 0 || totalWeight <= 0) return;
        var change = Change(map);
        double squares = 0;
        for (int k = 0; k < 3; k++)
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++) squares += change[k, i] * normal[i, j] * change[k, j];
        double size = 255 * Math.Sqrt(Math.Max(0, squares) / (3 * totalWeight));
        ScaleChange(map, size <= minimumChange ? 0 : 1 - minimumChange * minimumChange / (size * size));
    }

    // The map minus the identity map [I | 0].
    private static double[,] Change(double[,] map)
    {
        var change = new double[3, 4];
        for (int k = 0; k < 3; k++)
            for (int j = 0; j < 4; j++) change[k, j] = map[k, j] - (k == j ? 1 : 0);
        return change;
    }

    // map ← I + scale·(map − I), in place.
    internal static void ScaleChange(double[,] map, double scale)
    {
        if (scale == 1) return;
        for (int k = 0; k < 3; k++)
            for (int j = 0; j < 4; j++) map[k, j] = (k == j ? 1 : 0) + scale * (map[k, j] - (k == j ? 1 : 0));
    }

    // Gauss–Jordan with partial pivoting; the ridge keeps the matrix positive definite.
    private static double[,] Invert4(double[,] a)
    {
        var m = new double[4, 8];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++) m[i, j] = a[i, j];
            m[i, 4 + i] = 1;
        }
        for (int col = 0; col < 4; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < 4; r++) if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col])) pivot = r;
            if (pivot != col) for (int j = 0; j < 8; j++) (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
            double d = m[col, col];
            for (int j = 0; j < 8; j++) m[col, j] /= d;
            for (int r = 0; r < 4; r++)
            {
                if (r == col) continue;
                double f = m[r, col];
                if (f == 0) continue;
                for (int j = 0; j < 8; j++) m[r, j] -= f * m[col, j];
            }
        }
        var inverse = new double[4, 4];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) inverse[i, j] = m[i, 4 + j];
        return inverse;
    }
}
