using System.Numerics;
using System.Runtime.CompilerServices;

namespace Harmonia.Imaging.Png;

/// <summary>
/// PNG's five scanline filters (None, Sub, Up, Average, Paeth): each predicts a byte from its
/// left neighbour <c>a</c> (one pixel back), the byte above <c>b</c> and the one above-left
/// <c>c</c>, and stores the difference modulo 256. Missing neighbours (first pixel, first
/// row) count as zero.
/// </summary>
internal static class ScanlineFilter
{
    public const byte None = 0, Sub = 1, Up = 2, Average = 3, Paeth = 4;

    /// <summary>Number of filter types; a filter byte at or above this is invalid.</summary>
    public const int Count = 5;

    /// <summary>
    /// Undoes <paramref name="filterType"/> in place on <paramref name="row"/> given the already
    /// reconstructed <paramref name="previous"/> row (all zeros for a pass's first row).
    /// The caller has checked that the filter type is valid.
    /// </summary>
    public static void Reconstruct(byte filterType, Span<byte> row, ReadOnlySpan<byte> previous, int stride)
    {
        switch (filterType)
        {
            case None:
                break;
            case Sub:
                for (int i = stride; i < row.Length; i++)
                    row[i] += row[i - stride];
                break;
            case Up:
                AddInPlace(row, previous);
                break;
            case Average:
                for (int i = 0; i < stride && i < row.Length; i++)
                    row[i] += (byte)(previous[i] >> 1);
                for (int i = stride; i < row.Length; i++)
                    row[i] += (byte)((row[i - stride] + previous[i]) >> 1);
                break;
            case Paeth:
                for (int i = 0; i < stride && i < row.Length; i++)
                    row[i] += previous[i]; // with a = c = 0 the Paeth predictor is b
                for (int i = stride; i < row.Length; i++)
                    row[i] += PaethPredictor(row[i - stride], previous[i], previous[i - stride]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(filterType), filterType, "Filter type must be 0 to 4.");
        }
    }

    /// <summary>
    /// Writes <paramref name="row"/> filtered with <paramref name="filterType"/> into
    /// <paramref name="destination"/> (same length), given the unfiltered <paramref name="previous"/> row.
    /// </summary>
    public static void Apply(byte filterType, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int stride, Span<byte> destination)
    {
        int n = row.Length;
        switch (filterType)
        {
            case None:
                row.CopyTo(destination);
                break;
            case Sub:
                for (int i = 0; i < n; i++)
                    destination[i] = (byte)(row[i] - (i >= stride ? row[i - stride] : 0));
                break;
            case Up:
                for (int i = 0; i < n; i++)
                    destination[i] = (byte)(row[i] - previous[i]);
                break;
            case Average:
                for (int i = 0; i < n; i++)
                    destination[i] = (byte)(row[i] - (((i >= stride ? row[i - stride] : 0) + previous[i]) >> 1));
                break;
            case Paeth:
                for (int i = 0; i < n; i++)
                {
                    byte left = i >= stride ? row[i - stride] : (byte)0;
                    byte upperLeft = i >= stride ? previous[i - stride] : (byte)0;
                    destination[i] = (byte)(row[i] - PaethPredictor(left, previous[i], upperLeft));
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(filterType), filterType, "Filter type must be 0 to 4.");
        }
    }

    /// <summary>
    /// Picks the predictor of a, b, c closest to a + b - c, preferring a, then b, then c on ties
    /// (the order the PNG specification fixes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte PaethPredictor(byte a, byte b, byte c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        return pb <= pc ? b : c;
    }

    // The Up filter has no dependency along the row, so it vectorizes.
    private static void AddInPlace(Span<byte> row, ReadOnlySpan<byte> previous)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<byte>.Count;
            for (; i <= row.Length - width; i += width)
            {
                var sum = new Vector<byte>(row[i..]) + new Vector<byte>(previous[i..]);
                sum.CopyTo(row[i..]);
            }
        }
        for (; i < row.Length; i++)
            row[i] += previous[i];
    }
}
