using Harmonia.Data.Datasets;
using Harmonia.Tensors.Random;
using Harmonia.Tensors;

namespace Harmonia.Data.Loading;

/// <summary>
/// Training batches from a list of samples: every epoch visits the samples in an order that
/// depends only on (seed, epoch), in full batches of <see cref="BatchLoaderOptions.BatchSize"/>
/// (a last partial batch is dropped). Worker threads decode and resize the next samples while
/// the consumer works; batches still come out in the deterministic order, with bit-identical
/// contents, whatever the number of workers or their timing. Augmentation, when enabled, is
/// drawn from a generator seeded by (seed, epoch, sample index), so it is deterministic too.
/// </summary>
public sealed class HarmonizationBatchLoader : IBatchSource
{
    private readonly IReadOnlyList<HarmonizationSample> samples;
    private readonly BatchLoaderOptions options;
    private int liveWorkerThreads;

    /// <summary>Creates a loader over <paramref name="samples"/>; nothing is read until an epoch is enumerated.</summary>
    /// <exception cref="ArgumentException">A sample has no real photo, or there are fewer samples than one batch.</exception>
    public HarmonizationBatchLoader(IReadOnlyList<HarmonizationSample> samples, BatchLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var withoutReal = samples.FirstOrDefault(s => s.RealPath is null);
        if (withoutReal is not null)
            throw new ArgumentException($"Training needs ground truth, but sample '{withoutReal.Subset}/{withoutReal.Name}' ({withoutReal.CompositePath}) has no real photo.", nameof(samples));
        if (samples.Count < options.BatchSize)
            throw new ArgumentException($"{samples.Count} sample(s) cannot fill one batch of {options.BatchSize}.", nameof(samples));
        this.samples = samples.ToArray();
        this.options = options;
    }

    /// <summary>Samples in the list.</summary>
    public int SampleCount => samples.Count;

    /// <inheritdoc />
    public int BatchesPerEpoch => samples.Count / options.BatchSize;

    /// <summary>Worker threads currently running (0 whenever no epoch is being enumerated).</summary>
    public int LiveWorkerThreads => Volatile.Read(ref liveWorkerThreads);

    /// <summary>The order (indices into the sample list) in which epoch <paramref name="epoch"/> visits the samples.</summary>
    public int[] EpochOrder(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var order = Enumerable.Range(0, samples.Count).ToArray();
        if (options.Shuffle) new RandomGenerator(DerivedSeed.From(options.Seed, 1, epoch)).Shuffle(order);
        return order;
    }

    /// <inheritdoc />
    public IEnumerable<HarmonizationBatch> Epoch(int epoch, int skipBatches = 0) => Epoch(epoch, skipBatches, CancellationToken.None);

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/> from batch <paramref name="skipBatches"/> on.
    /// Skipped samples are never read. Decoding starts when enumeration starts and stops, with
    /// every worker thread joined, when the enumerator is disposed (a <c>foreach</c> that ends or
    /// breaks) or <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <exception cref="DatasetException">(During enumeration) a sample's files are missing or unusable.</exception>
    public IEnumerable<HarmonizationBatch> Epoch(int epoch, int skipBatches, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (skipBatches < 0 || skipBatches > BatchesPerEpoch)
            throw new ArgumentOutOfRangeException(nameof(skipBatches), skipBatches, $"Can skip 0 to {BatchesPerEpoch} batches.");
        return EnumerateEpoch(epoch, skipBatches, cancellationToken);
    }

    private IEnumerable<HarmonizationBatch> EnumerateEpoch(int epoch, int skipBatches, CancellationToken cancellationToken)
    {
        int batchSize = options.BatchSize, width = options.Width, height = options.Height;
        int[] order = EpochOrder(epoch);
        int first = skipBatches * batchSize;
        int sampleCount = (BatchesPerEpoch - skipBatches) * batchSize;

        DecodedSample DecodeAt(int position)
        {
            int sampleIndex = order[first + position];
            ulong augmentationSeed = DerivedSeed.From(options.Seed, 2, epoch, sampleIndex);
            return SampleDecoder.Decode(samples[sampleIndex], width, height, options.Preprocessing, options.Augmentation, augmentationSeed);
        }

        using var prefetcher = new OrderedPrefetcher<DecodedSample>(sampleCount, DecodeAt, options.Workers,
            options.PrefetchBatches * batchSize, delta => Interlocked.Add(ref liveWorkerThreads, delta));
        for (int start = 0; start < sampleCount; start += batchSize)
        {
            var batch = new DecodedSample[batchSize];
            for (int i = 0; i < batchSize; i++) batch[i] = prefetcher.TakeNext(cancellationToken);
            yield return BatchAssembly.Assemble(batch, width, height);
        }
    }
}
