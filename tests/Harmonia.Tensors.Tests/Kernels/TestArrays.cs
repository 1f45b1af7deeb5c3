namespace Harmonia.Tensors.Tests.Kernels;

/// <summary>Seeded random inputs for the kernel tests.</summary>
internal static class TestArrays
{
    /// <summary>Uniform values in [-1, 1).</summary>
    public static float[] Random(int length, int seed)
    {
        var random = new System.Random(seed);
        var data = new float[length];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        return data;
    }

    /// <summary>An array filled with one value, e.g. NaN to prove a kernel overwrites instead of reading.</summary>
    public static float[] Filled(int length, float value)
    {
        var data = new float[length];
        Array.Fill(data, value);
        return data;
    }
}
