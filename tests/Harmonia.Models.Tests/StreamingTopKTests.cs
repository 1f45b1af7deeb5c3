using Harmonia.Models.Hdnet;

namespace Harmonia.Models.Tests;

/// <summary>
/// The streamed best-k against a plain sort of every allowed (score, position) pair, on scores full of
/// exact ties (features in {−1, 0, 1}) and a NaN query: the order it must keep is higher score first,
/// lower position first on ties, NaN above everything.
/// </summary>
public class StreamingTopKTests
{
    [Theory]
    [InlineData(3, false)]
    [InlineData(3, true)]
    [InlineData(1, false)]
    [InlineData(5, true)]
    public void MatchesASortOfAllPairsWithTiesAndNaN(int k, bool backgroundOnly)
    {
        const int channels = 2, positions = 150;
        var rng = new System.Random(k * 2 + (backgroundOnly ? 1 : 0));
        var isForeground = new bool[positions];
        for (int p = 0; p < positions; p++) isForeground[p] = rng.NextDouble() < 0.4;
        var query = new float[channels * positions];
        var support = new float[channels * positions];
        for (int c = 0; c < channels; c++)
            for (int p = 0; p < positions; p++)
            {
                // Masked as the module masks them: queries on the foreground, supports on the background.
                if (isForeground[p]) query[c * positions + p] = rng.Next(-1, 2);
                else support[c * positions + p] = rng.Next(-1, 2);
            }
        int nanQuery = Array.FindIndex(isForeground, f => f);
        query[nanQuery] = float.NaN;

        var (values, indices) = StreamingTopK.Compute(query, support, channels, isForeground, k, backgroundOnly);

        for (int p = 0; p < positions; p++)
        {
            var allowed = Enumerable.Range(0, positions).Where(c => !backgroundOnly || !isForeground[c]);
            var ranked = allowed
                .Select(c => (Score: Score(query, support, channels, positions, p, c), Position: c))
                .OrderByDescending(pair => float.IsNaN(pair.Score))
                .ThenByDescending(pair => float.IsNaN(pair.Score) ? 0f : pair.Score)
                .ThenBy(pair => pair.Position)
                .Take(k).ToArray();
            Assert.Equal(ranked.Select(pair => pair.Position), indices.AsSpan(p * k, k).ToArray());
            Assert.Equal(ranked.Select(pair => pair.Score), values.AsSpan(p * k, k).ToArray());
        }
    }

    private static float Score(float[] query, float[] support, int channels, int positions, int p, int c)
    {
        float sum = 0;
        for (int ch = 0; ch < channels; ch++) sum += query[ch * positions + p] * support[ch * positions + c];
        return sum;
    }
}
