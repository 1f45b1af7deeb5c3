namespace Harmonia.Training.Tests.Losses;

/// <summary>
/// The losses written out directly in float64 from their definitions (HDNet's MaskWeightedMSE,
/// PHNet's FnMSE / PSNRLossPositive / GradientLoss with L1, PyTorch's MSELoss and L1Loss), on
/// flat NCHW arrays, sharing nothing with the code under test.
/// </summary>
internal static class ReferenceLosses
{
    private static int Index(int n, int c, int y, int x, int channels, int h, int w) => ((n * channels + c) * h + y) * w + x;

    public static double Mse(double[] p, double[] t) => p.Zip(t, (a, b) => (a - b) * (a - b)).Average();

    public static double L1(double[] p, double[] t) => p.Zip(t, (a, b) => Math.Abs(a - b)).Average();

    public static double MaskWeightedMse(double[] p, double[] t, double[] m, int n, int c, int h, int w, double minArea = 100)
    {
        double total = 0;
        for (int s = 0; s < n; s++)
        {
            double squared = 0, area = 0;
            for (int ch = 0; ch < c; ch++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        double d = p[Index(s, ch, y, x, c, h, w)] - t[Index(s, ch, y, x, c, h, w)];
                        squared += d * d;
                    }
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) area += m[Index(s, 0, y, x, 1, h, w)];
            total += squared / (c * Math.Max(area, minArea));
        }
        return total / n;
    }

    public static double PsnrReciprocal(double[] p, double[] t, double maxValue = 1, double eps = 1e-7)
    {
        double psnr = 10 * Math.Log10(maxValue * maxValue / Mse(p, t));
        return 100 / (eps + psnr);
    }

    /// <summary>Full-size forward-difference maps (zero last column / row) of x·M, then L1 means, averaged.</summary>
    public static double MaskedGradientL1(double[] p, double[] t, double[] m, int n, int c, int h, int w)
    {
        double horizontal = 0, vertical = 0;
        for (int s = 0; s < n; s++)
            for (int ch = 0; ch < c; ch++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        double Masked(double[] img, int yy, int xx) => img[Index(s, ch, yy, xx, c, h, w)] * m[Index(s, 0, yy, xx, 1, h, w)];
                        double dxP = x < w - 1 ? Masked(p, y, x + 1) - Masked(p, y, x) : 0;
                        double dxT = x < w - 1 ? Masked(t, y, x + 1) - Masked(t, y, x) : 0;
                        double dyP = y < h - 1 ? Masked(p, y + 1, x) - Masked(p, y, x) : 0;
                        double dyT = y < h - 1 ? Masked(t, y + 1, x) - Masked(t, y, x) : 0;
                        horizontal += Math.Abs(dxT - dxP);
                        vertical += Math.Abs(dyT - dyP);
                    }
        double count = (double)n * c * h * w;
        return (horizontal / count + vertical / count) / 2;
    }

    public static double Phnet(double[] p, double[] t, double[] m, int n, int c, int h, int w)
        => 0.2 * PsnrReciprocal(p, t) + 0.01 * MaskWeightedMse(p, t, m, n, c, h, w) + 0.01 * MaskedGradientL1(p, t, m, n, c, h, w);
}
