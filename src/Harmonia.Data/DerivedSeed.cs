namespace Harmonia.Data;

/// <summary>
/// Derives independent seeds from a user seed and a few integers (epoch, sample index, photo
/// index, ...), so each random choice depends only on what it is for, never on which thread
/// made it or in what order. Each key is folded in with a SplitMix64 finalizer, whose avalanche
/// makes neighbouring keys give unrelated seeds.
/// </summary>
internal static class DerivedSeed
{
    public static ulong From(ulong seed, params ReadOnlySpan<long> keys)
    {
        ulong state = Finalize(seed ^ 0x6A09E667F3BCC908UL);
        foreach (long key in keys)
            state = Finalize(state + 0x9E3779B97F4A7C15UL + unchecked((ulong)key));
        return state;
    }

    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
