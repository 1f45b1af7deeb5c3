namespace Harmonia.Tensors;

/// <summary>
/// A running count of the floating-point operations of the matrix-shaped ops (convolutions,
/// transposed convolutions, matrix products): 2 per multiply-add. They are where a model's time
/// goes, so benchmarks divide this count by the measured time to report achieved GFLOP/s.
/// </summary>
public static class FlopCounter
{
    private static long total;

    /// <summary>Operations counted since the process started.</summary>
    public static long Total => Interlocked.Read(ref total);

    /// <summary>Counts <paramref name="multiplyAdds"/> multiply-adds.</summary>
    public static void AddMultiplyAdds(long multiplyAdds) => Interlocked.Add(ref total, 2 * multiplyAdds);
}
