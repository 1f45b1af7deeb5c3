namespace Harmonia.Tensors.Tests.Support;

/// <summary>
/// Multi-index arithmetic for the reference implementations, written independently of the
/// engine's ShapeMath so a shared mistake cannot hide.
/// </summary>
internal static class Indexing
{
    /// <summary>The coordinates of row-major position <paramref name="flat"/> in <paramref name="shape"/>.</summary>
    public static int[] Unravel(int flat, int[] shape)
    {
        var coords = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            coords[d] = flat % shape[d];
            flat /= shape[d];
        }
        return coords;
    }

    /// <summary>The row-major position of <paramref name="coords"/> in <paramref name="shape"/>.</summary>
    public static int Ravel(int[] coords, ReadOnlySpan<int> shape)
    {
        int flat = 0;
        for (int d = 0; d < shape.Length; d++) flat = flat * shape[d] + coords[d];
        return flat;
    }

    /// <summary>
    /// Where an output element at <paramref name="outCoords"/> reads an operand of shape
    /// <paramref name="shape"/> under NumPy broadcasting: align right, size-1 axes read index 0.
    /// </summary>
    public static int BroadcastSource(int[] outCoords, ReadOnlySpan<int> shape)
    {
        int lead = outCoords.Length - shape.Length;
        var coords = new int[shape.Length];
        for (int d = 0; d < shape.Length; d++) coords[d] = shape[d] == 1 ? 0 : outCoords[d + lead];
        return Ravel(coords, shape);
    }

    /// <summary>The product of the sizes.</summary>
    public static int Count(int[] shape) => shape.Aggregate(1, (p, s) => p * s);
}
