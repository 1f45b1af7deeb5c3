namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Converts rows of full-resolution component samples to RGB with libjpeg's integer
/// arithmetic, so results match djpeg exactly. YCbCr uses the JFIF (BT.601 full-range)
/// equations R = Y + 1.402 Cr', G = Y - 0.34414 Cb' - 0.71414 Cr', B = Y + 1.772 Cb'
/// (Cb' = Cb - 128), with 16 fractional bits. CMYK is taken as Adobe writes it (inverted, so
/// 255 means no ink) and mapped to RGB by R = C*K/255, as djpeg does; YCCK first becomes CMYK.
/// </summary>
internal static class JpegColorConverter
{
    private const int ScaleBits = 16;
    private const int Half = 1 << (ScaleBits - 1);

    // Per-value contributions of Cr and Cb, as in libjpeg's jdcolor.c tables.
    private static readonly int[] RedFromCr = new int[256];
    private static readonly int[] BlueFromCb = new int[256];
    private static readonly int[] GreenFromCr = new int[256];   // scaled by 2^16
    private static readonly int[] GreenFromCb = new int[256];   // scaled by 2^16, includes the rounding half

    static JpegColorConverter()
    {
        for (int i = 0; i < 256; i++)
        {
            int centred = i - 128;
            RedFromCr[i] = (Fixed(1.40200) * centred + Half) >> ScaleBits;
            BlueFromCb[i] = (Fixed(1.77200) * centred + Half) >> ScaleBits;
            GreenFromCr[i] = -Fixed(0.71414) * centred;
            GreenFromCb[i] = -Fixed(0.34414) * centred + Half;
        }
    }

    /// <summary>Converts one row of Y, Cb, Cr samples to interleaved RGB.</summary>
    public static void YCbCrToRgb(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb, int width)
    {
        for (int x = 0; x < width; x++)
        {
            int luma = y[x], blue = cb[x], red = cr[x];
            rgb[3 * x] = Saturate(luma + RedFromCr[red]);
            rgb[3 * x + 1] = Saturate(luma + ((GreenFromCb[blue] + GreenFromCr[red]) >> ScaleBits));
            rgb[3 * x + 2] = Saturate(luma + BlueFromCb[blue]);
        }
    }

    /// <summary>Interleaves three rows that are already R, G and B.</summary>
    public static void InterleaveRgb(ReadOnlySpan<byte> r, ReadOnlySpan<byte> g, ReadOnlySpan<byte> b, Span<byte> rgb, int width)
    {
        for (int x = 0; x < width; x++)
        {
            rgb[3 * x] = r[x];
            rgb[3 * x + 1] = g[x];
            rgb[3 * x + 2] = b[x];
        }
    }

    /// <summary>Converts one row of (inverted) C, M, Y, K samples to RGB.</summary>
    public static void CmykToRgb(ReadOnlySpan<byte> c, ReadOnlySpan<byte> m, ReadOnlySpan<byte> yellow, ReadOnlySpan<byte> k, Span<byte> rgb, int width)
    {
        for (int x = 0; x < width; x++)
        {
            int black = k[x];
            rgb[3 * x] = InkTimesBlack(c[x], black);
            rgb[3 * x + 1] = InkTimesBlack(m[x], black);
            rgb[3 * x + 2] = InkTimesBlack(yellow[x], black);
        }
    }

    /// <summary>Converts one row of Y, Cb, Cr (of inverted C, M, Y) and K samples to RGB.</summary>
    public static void YcckToRgb(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, ReadOnlySpan<byte> k, Span<byte> rgb, int width)
    {
        for (int x = 0; x < width; x++)
        {
            int luma = y[x], blue = cb[x], red = cr[x], black = k[x];
            // The YCbCr part encodes 255 - C, 255 - M, 255 - Y; undo that to get Adobe's CMY, then as CMYK.
            byte cyan = Saturate(255 - (luma + RedFromCr[red]));
            byte magenta = Saturate(255 - (luma + ((GreenFromCb[blue] + GreenFromCr[red]) >> ScaleBits)));
            byte yellow = Saturate(255 - (luma + BlueFromCb[blue]));
            rgb[3 * x] = InkTimesBlack(cyan, black);
            rgb[3 * x + 1] = InkTimesBlack(magenta, black);
            rgb[3 * x + 2] = InkTimesBlack(yellow, black);
        }
    }

    // round(ink * black / 255) in integers.
    private static byte InkTimesBlack(int ink, int black) => (byte)((2 * ink * black + 255) / 510);

    private static int Fixed(double value) => (int)(value * (1 << ScaleBits) + 0.5);

    private static byte Saturate(int value) => (byte)Math.Clamp(value, 0, 255);
}
