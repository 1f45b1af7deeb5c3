using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// The Winograd transforms of the filters inference keeps using. A network's weights do not change
/// between inference passes, but transforming them (16 values per 3×3 filter, read by gathers) took
/// 8% of PHNet's pass at 256² on two threads, every pass. An entry remembers the weights it was made
/// from and is used only while they are bit for bit the same, so weights changed in place (an
/// optimizer step between two validations, a loaded checkpoint) are transformed afresh: comparing is
/// one sequential read, several times cheaper than the transform.
/// </summary>
internal static class WinogradFilterCache
{
    private sealed record Entry(float[] Source, bool TransposedFlipped, float[] Transformed);

    // Keyed by the weight array itself: an entry lives as long as its weights do.
    private static readonly ConditionalWeakTable<float[], Entry> Entries = new();

    /// <summary>
    /// The transform of <paramref name="weight"/> (as <paramref name="transform"/> writes it into an
    /// array of <paramref name="length"/> floats), from the cache when the weights are unchanged.
    /// The result is shared: callers only read it.
    /// </summary>
    public static float[] Get(float[] weight, bool transposedFlipped, long length, Action<float[]> transform)
    {
        if (Entries.TryGetValue(weight, out var entry) && entry.TransposedFlipped == transposedFlipped
            && entry.Transformed.LongLength == length
            && MemoryMarshal.AsBytes(entry.Source.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(weight.AsSpan())))
            return entry.Transformed;
        var transformed = new float[length];
        transform(transformed);
        Entries.AddOrUpdate(weight, new Entry((float[])weight.Clone(), transposedFlipped, transformed));
        return transformed;
    }
}
