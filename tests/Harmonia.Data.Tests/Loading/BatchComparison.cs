namespace Harmonia.Data.Tests.Loading;

internal static class BatchComparison
{
    /// <summary>Asserts two batch sequences are identical: same names, bit-identical tensors.</summary>
    public static void AssertIdentical(IReadOnlyList<HarmonizationBatch> expected, IReadOnlyList<HarmonizationBatch> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int b = 0; b < expected.Count; b++)
        {
            Assert.Equal(expected[b].Names, actual[b].Names);
            Assert.Equal(expected[b].Composite.Shape, actual[b].Composite.Shape);
            Assert.Equal(expected[b].Composite.Data, actual[b].Composite.Data);
            Assert.Equal(expected[b].Real.Data, actual[b].Real.Data);
            Assert.Equal(expected[b].Mask.Data, actual[b].Mask.Data);
        }
    }
}
