using Harmonia.Tensors;

namespace Harmonia.Models.Tests;

/// <summary>Finds the repository's committed test data from the test binary's location, and makes seeded random tensors.</summary>
internal static class TestData
{
    /// <summary>The absolute path of <c>tests/data/&lt;relative&gt;</c>.</summary>
    public static string Path(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(System.IO.Path.Combine(dir.FullName, "tests", "data")))
            dir = dir.Parent;
        if (dir is null) throw new DirectoryNotFoundException("tests/data not found above " + AppContext.BaseDirectory);
        return System.IO.Path.Combine(dir.FullName, "tests", "data", relative);
    }

    /// <summary>A tensor of <paramref name="shape"/> with values uniform in [−<paramref name="scale"/>, <paramref name="scale"/>), from <paramref name="seed"/>.</summary>
    public static Tensor Uniform(int seed, float scale, params int[] shape)
    {
        var random = new Random(seed);
        var data = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < data.Length; i++) data[i] = scale * (float)(2 * random.NextDouble() - 1);
        return Tensor.FromArray(data, shape);
    }
}
