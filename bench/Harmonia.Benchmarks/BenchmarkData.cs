namespace Harmonia.Benchmarks;

/// <summary>Deterministic random inputs for the benchmarks.</summary>
internal static class BenchmarkData
{
    public static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var data = new float[length];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        return data;
    }
}
