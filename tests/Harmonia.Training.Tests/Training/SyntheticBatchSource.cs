using Harmonia.Data;
using Harmonia.Tensors;
using Harmonia.Tensors.Random;

namespace Harmonia.Training.Tests.Training;

/// <summary>
/// An in-memory <see cref="IBatchSource"/> of random harmonization batches: batch i of the
/// data set is a fixed function of (seed, i), and epoch e visits the batches in an order
/// shuffled by (seed, e), as the real loader's contract requires.
/// </summary>
internal sealed class SyntheticBatchSource(ulong seed, int batchesPerEpoch, int batchSize, int size) : IBatchSource
{
    public int BatchesPerEpoch => batchesPerEpoch;

    /// <summary>How many batches have been handed out, to check that skipping really skips.</summary>
    public int BatchesProduced { get; private set; }

    public IEnumerable<HarmonizationBatch> Epoch(int epoch, int skipBatches = 0)
    {
        var order = Enumerable.Range(0, batchesPerEpoch).ToArray();
        new RandomGenerator(seed * 1_000_003 + (ulong)epoch + 1).Shuffle(order);
        foreach (int index in order.Skip(skipBatches))
        {
            BatchesProduced++;
            yield return Batch(seed, index, batchSize, size);
        }
    }

    /// <summary>
    /// A batch whose real images are smooth random colour fields, whose masks are random
    /// rectangles, and whose composites are the real images with the foreground's colours
    /// shifted (the background untouched, as in iHarmony4).
    /// </summary>
    public static HarmonizationBatch Batch(ulong seed, int index, int batchSize, int size)
    {
        var rng = new RandomGenerator(seed * 7919 + (ulong)index * 104_729 + 17);
        int plane = size * size;
        var real = new float[batchSize * 3 * plane];
        var composite = new float[real.Length];
        var mask = new float[batchSize * plane];
        var names = new List<string>();
        for (int n = 0; n < batchSize; n++)
        {
            int x0 = rng.NextInt(size / 2), y0 = rng.NextInt(size / 2);
            int w = size / 4 + rng.NextInt(size / 2), h = size / 4 + rng.NextInt(size / 2);
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    mask[n * plane + y * size + x] = x >= x0 && x < x0 + w && y >= y0 && y < y0 + h ? 1f : 0f;
            for (int c = 0; c < 3; c++)
            {
                double baseValue = 0.2 + 0.6 * rng.NextDouble(), slopeX = 0.3 * (rng.NextDouble() - 0.5), slopeY = 0.3 * (rng.NextDouble() - 0.5);
                double gain = 0.6 + 0.5 * rng.NextDouble(), shift = 0.2 * (rng.NextDouble() - 0.5);
                for (int y = 0; y < size; y++)
                    for (int x = 0; x < size; x++)
                    {
                        int i = (n * 3 + c) * plane + y * size + x;
                        double value = baseValue + slopeX * x / size + slopeY * y / size + 0.05 * (rng.NextDouble() - 0.5);
                        real[i] = (float)Math.Clamp(value, 0, 1);
                        bool foreground = mask[n * plane + y * size + x] > 0;
                        composite[i] = foreground ? (float)Math.Clamp(real[i] * gain + shift, 0, 1) : real[i];
                    }
            }
            names.Add($"sample_{index}_{n}.jpg");
        }
        return new HarmonizationBatch(
            Tensor.FromArray(composite, batchSize, 3, size, size),
            Tensor.FromArray(real, batchSize, 3, size, size),
            Tensor.FromArray(mask, batchSize, 1, size, size),
            names);
    }
}

/// <summary>The same batch at every step, for overfitting.</summary>
internal sealed class FixedBatchSource(HarmonizationBatch batch, int batchesPerEpoch) : IBatchSource
{
    public int BatchesPerEpoch => batchesPerEpoch;

    public IEnumerable<HarmonizationBatch> Epoch(int epoch, int skipBatches = 0)
        => Enumerable.Repeat(batch, batchesPerEpoch - skipBatches);
}
