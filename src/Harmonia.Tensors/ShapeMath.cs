namespace Harmonia.Tensors;

/// <summary>Shape arithmetic shared by the ops: sizes, strides, broadcasting, dim checks.</summary>
public static class ShapeMath
{
    /// <summary>The product of the sizes (1 for a scalar).</summary>
    public static int Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var s in shape) n *= s;
        if (n > Array.MaxLength) throw new ArgumentException($"A tensor of shape {Format(shape)} has {n} elements, more than one buffer can hold.");
        return (int)n;
    }

    /// <summary>Row-major strides: the last dimension has stride 1.</summary>
    public static int[] Strides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { strides[i] = s; s *= shape[i]; }
        return strides;
    }

    /// <summary>Throws unless every size is non-negative.</summary>
    public static void Validate(ReadOnlySpan<int> shape)
    {
        foreach (var s in shape)
            if (s < 0) throw new ArgumentException($"Negative size in shape {Format(shape)}.");
        Numel(shape);
    }

    /// <summary>Maps a possibly negative dim into [0, rank).</summary>
    public static int NormalizeDim(int dim, int rank)
    {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) throw new ArgumentOutOfRangeException(nameof(dim), $"Dimension {dim} is out of range for a tensor of rank {rank}.");
        return d;
    }

    /// <summary>Whether two shapes are equal.</summary>
    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>Formats a shape as PyTorch prints it, e.g. <c>[2, 3, 64, 64]</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>
    /// The broadcast shape of <paramref name="a"/> and <paramref name="b"/> under NumPy rules:
    /// align from the right; sizes must match or one of them must be 1.
    /// </summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"Shapes {Format(a)} and {Format(b)} cannot be broadcast together.");
            shape[i] = da == 1 ? db : da;
        }
        return shape;
    }

    /// <summary>
    /// Strides for reading a tensor of shape <paramref name="shape"/> as if it had the larger
    /// <paramref name="target"/> shape: broadcast dimensions get stride 0.
    /// </summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> target)
    {
        var own = Strides(shape);
        var strides = new int[target.Length];
        int offset = target.Length - shape.Length;
        for (int i = 0; i < target.Length; i++)
        {
            if (i < offset) continue;
            strides[i] = shape[i - offset] == 1 && target[i] != 1 ? 0 : own[i - offset];
        }
        return strides;
    }

    /// <summary>Resolves a reshape target with at most one -1.</summary>
    public static int[] ResolveReshape(ReadOnlySpan<int> requested, int numel, ReadOnlySpan<int> from)
    {
        var shape = requested.ToArray();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1)
            {
                if (unknown >= 0) throw new ArgumentException("Reshape accepts at most one -1.");
                unknown = i;
            }
            else if (shape[i] < 0) throw new ArgumentException($"Invalid size {shape[i]} in reshape to {Format(requested)}.");
            else known *= shape[i];
        }
        if (unknown >= 0)
        {
            if (known == 0 || numel % known != 0)
                throw new ArgumentException($"Cannot reshape {Format(from)} to {Format(requested)}.");
            shape[unknown] = (int)(numel / known);
        }
        else if (known != numel) throw new ArgumentException($"Cannot reshape {Format(from)} ({numel} elements) to {Format(requested)}.");
        return shape;
    }
}
