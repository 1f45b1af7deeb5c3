using Harmonia.Tensors.Random;

namespace Harmonia.Data.Synthesis;

/// <summary>
/// Splits photos, not composites, into train and test: exactly round(fraction × count) photos
/// (half away from zero) go to test, chosen by a shuffle seeded from the run's seed alone, so
/// every composite of a photo lands in the same split.
/// </summary>
internal static class PhotoSplit
{
    /// <summary>For each of <paramref name="photoCount"/> photos, true when it belongs to the test split.</summary>
    public static bool[] TestMembership(int photoCount, double testFraction, ulong seed)
    {
        int testCount = (int)Math.Round(testFraction * photoCount, MidpointRounding.AwayFromZero);
        var order = Enumerable.Range(0, photoCount).ToArray();
        new RandomGenerator(DerivedSeed.From(seed, 4)).Shuffle(order);
        var isTest = new bool[photoCount];
        foreach (int photo in order.Take(testCount)) isTest[photo] = true;
        return isTest;
    }
}
