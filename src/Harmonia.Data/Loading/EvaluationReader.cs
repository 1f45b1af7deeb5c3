using Harmonia.Data.Datasets;
using Harmonia.Tensors;

namespace Harmonia.Data.Loading;

/// <summary>
/// Reads samples for evaluation or inference in list order, one at a time or in batches, at a
/// fixed size or at each file's native size, decoding ahead on worker threads. No shuffling
/// and no augmentation. Samples without a real photo are allowed (inference); batches need one.
/// </summary>
public sealed class EvaluationReader
{
    private readonly IReadOnlyList<HarmonizationSample> samples;
    private readonly EvaluationReaderOptions options;

    /// <summary>Creates a reader over <paramref name="samples"/>; nothing is read until enumeration.</summary>
    public EvaluationReader(IReadOnlyList<HarmonizationSample> samples, EvaluationReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        this.options = options ?? new EvaluationReaderOptions();
        this.options.Validate();
        this.samples = samples.ToArray();
    }

    /// <summary>Samples in the list.</summary>
    public int Count => samples.Count;

    /// <summary>Every sample in list order. Disposing the enumerator (or cancelling) stops and joins the workers.</summary>
    /// <exception cref="DatasetException">(During enumeration) a sample's files are missing or unusable.</exception>
    public IEnumerable<LoadedSample> Samples(CancellationToken cancellationToken = default)
    {
        foreach (var decoded in Decoded(cancellationToken))
        {
            int h = decoded.Height, w = decoded.Width;
            yield return new LoadedSample(
                decoded.Sample,
                Tensor.FromArray(decoded.Composite, 1, 3, h, w),
                decoded.Real is null ? null : Tensor.FromArray(decoded.Real, 1, 3, h, w),
                Tensor.FromArray(decoded.Mask, 1, 1, h, w),
                decoded.OriginalWidth, decoded.OriginalHeight);
        }
    }

    /// <summary>
    /// The samples in list order in batches of <paramref name="batchSize"/>; the last batch holds
    /// the remainder (nothing is dropped). Needs a fixed size and a real photo for every sample.
    /// </summary>
    /// <exception cref="InvalidOperationException">The reader keeps native sizes.</exception>
    /// <exception cref="ArgumentException">A sample has no real photo.</exception>
    public IEnumerable<HarmonizationBatch> Batches(int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (options.Width is not int width || options.Height is not int height)
            throw new InvalidOperationException("Batches need one size for every sample; set Width and Height.");
        var withoutReal = samples.FirstOrDefault(s => s.RealPath is null);
        if (withoutReal is not null)
            throw new ArgumentException($"Batches carry ground truth, but sample '{withoutReal.Subset}/{withoutReal.Name}' has no real photo.");
        return EnumerateBatches(batchSize, width, height, cancellationToken);
    }

    private IEnumerable<HarmonizationBatch> EnumerateBatches(int batchSize, int width, int height, CancellationToken cancellationToken)
    {
        var pending = new List<DecodedSample>(batchSize);
        foreach (var decoded in Decoded(cancellationToken))
        {
            pending.Add(decoded);
            if (pending.Count == batchSize)
            {
                yield return BatchAssembly.Assemble(pending, width, height);
                pending.Clear();
            }
        }
        if (pending.Count > 0) yield return BatchAssembly.Assemble(pending, width, height);
    }

    private IEnumerable<DecodedSample> Decoded(CancellationToken cancellationToken)
    {
        using var prefetcher = new OrderedPrefetcher<DecodedSample>(samples.Count,
            i => SampleDecoder.Decode(samples[i], options.Width, options.Height, options.Preprocessing),
            options.Workers, options.PrefetchSamples);
        for (int i = 0; i < samples.Count; i++)
            yield return prefetcher.TakeNext(cancellationToken);
    }
}
