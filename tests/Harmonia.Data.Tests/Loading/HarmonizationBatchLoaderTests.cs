using Harmonia.Data.Datasets;
using Harmonia.Data.Loading;
using Harmonia.Imaging.Files;
using Harmonia.Imaging.TensorConversion;
using Harmonia.Imaging;

namespace Harmonia.Data.Tests.Loading;

public class HarmonizationBatchLoaderTests
{
    private static BatchLoaderOptions Options(ulong seed = 7, int workers = 2) => new()
    {
        BatchSize = 3, Width = 12, Height = 10, Seed = seed, Workers = workers, PrefetchBatches = 1,
    };

    [Fact]
    public void Batches_have_the_documented_shapes_names_and_drop_the_last_partial_batch()
    {
        using var data = new TestDataset(photos: 8);
        var loader = new HarmonizationBatchLoader(data.Samples, Options());

        var batches = loader.Epoch(0).ToList();

        Assert.Equal(2, loader.BatchesPerEpoch);
        Assert.Equal(2, batches.Count);
        Assert.Equal([3, 3, 10, 12], batches[0].Composite.Shape);
        Assert.Equal([3, 3, 10, 12], batches[0].Real.Shape);
        Assert.Equal([3, 1, 10, 12], batches[0].Mask.Shape);
        var order = loader.EpochOrder(0);
        Assert.Equal(order.Take(6).Select(i => data.Samples[i].Name), batches.SelectMany(b => b.Names));
        Assert.All(batches, b => Assert.All(b.Mask.Data, v => Assert.True(v is 0f or 1f)));
    }

    [Fact]
    public void Batch_pixels_are_the_files_resized_with_the_configured_filters()
    {
        using var data = new TestDataset(photos: 3);
        var loader = new HarmonizationBatchLoader(data.Samples, Options() with { Shuffle = false });

        var batch = Assert.Single(loader.Epoch(0));

        int plane = 12 * 10;
        for (int i = 0; i < 3; i++)
        {
            var sample = data.Samples[i];
            var composite = ImageResizer.Resize(ImageFile.Load(sample.CompositePath), 12, 10, ResamplingFilter.Bilinear);
            var real = ImageResizer.Resize(ImageFile.Load(sample.RealPath!), 12, 10, ResamplingFilter.Bilinear);
            var mask = MaskLoader.Load(sample.MaskPath).ResizeNearest(12, 10);
            Assert.Equal(ImageTensorConversion.ToChw(composite, PixelRange.ZeroToOne), batch.Composite.Data.AsSpan(i * 3 * plane, 3 * plane).ToArray());
            Assert.Equal(ImageTensorConversion.ToChw(real, PixelRange.ZeroToOne), batch.Real.Data.AsSpan(i * 3 * plane, 3 * plane).ToArray());
            Assert.Equal(mask.Values, batch.Mask.Data.AsSpan(i * plane, plane).ToArray());
        }
    }

    [Fact]
    public void Epoch_order_is_a_permutation_that_depends_only_on_seed_and_epoch()
    {
        using var data = new TestDataset(photos: 10);
        var a = new HarmonizationBatchLoader(data.Samples, Options(seed: 3));
        var b = new HarmonizationBatchLoader(data.Samples, Options(seed: 3, workers: 1));
        var other = new HarmonizationBatchLoader(data.Samples, Options(seed: 4));

        Assert.Equal(a.EpochOrder(5), b.EpochOrder(5));
        Assert.Equal(Enumerable.Range(0, 10), a.EpochOrder(1).Order());
        Assert.NotEqual(a.EpochOrder(0), a.EpochOrder(1));
        Assert.NotEqual(a.EpochOrder(0), other.EpochOrder(0));
        // Asking for a later epoch first does not change an earlier one (no hidden generator state).
        var later = a.EpochOrder(9);
        Assert.Equal(b.EpochOrder(9), later);
        Assert.Equal(b.EpochOrder(0), a.EpochOrder(0));
    }

    [Fact]
    public void Same_seed_gives_identical_batches_whatever_the_number_of_workers()
    {
        using var data = new TestDataset(photos: 9);
        var one = new HarmonizationBatchLoader(data.Samples, Options(workers: 1)).Epoch(2).ToList();
        var three = new HarmonizationBatchLoader(data.Samples, Options(workers: 3) with { PrefetchBatches = 3 }).Epoch(2).ToList();
        var again = new HarmonizationBatchLoader(data.Samples, Options(workers: 3)).Epoch(2).ToList();

        BatchComparison.AssertIdentical(one, three);
        BatchComparison.AssertIdentical(one, again);
    }

    [Fact]
    public void Skipping_batches_equals_dropping_the_first_batches()
    {
        using var data = new TestDataset(photos: 12);
        var loader = new HarmonizationBatchLoader(data.Samples, Options());

        var full = loader.Epoch(1).ToList();
        var resumed = loader.Epoch(1, skipBatches: 2).ToList();

        Assert.Equal(4, full.Count);
        BatchComparison.AssertIdentical(full.Skip(2).ToList(), resumed);
        Assert.Empty(loader.Epoch(1, skipBatches: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => loader.Epoch(1, skipBatches: 5));
    }

    [Fact]
    public void Skipped_samples_are_never_read()
    {
        using var data = new TestDataset(photos: 6);
        var loader = new HarmonizationBatchLoader(data.Samples, Options() with { Shuffle = false });
        // Break the files of the first batch: skipping it must not touch them.
        foreach (var sample in data.Samples.Take(3)) File.WriteAllText(sample.CompositePath, "not an image");

        var resumed = Assert.Single(loader.Epoch(0, skipBatches: 1));
        Assert.Equal(data.Samples.Skip(3).Select(s => s.Name), resumed.Names);
        Assert.Throws<DatasetException>(() => loader.Epoch(0).ToList());
    }

    [Fact]
    public void Stopping_early_or_cancelling_stops_every_worker_thread()
    {
        using var data = new TestDataset(photos: 15);
        var loader = new HarmonizationBatchLoader(data.Samples, Options(workers: 3));

        foreach (var batch in loader.Epoch(0))
        {
            Assert.True(loader.LiveWorkerThreads > 0);
            break;
        }
        Assert.Equal(0, loader.LiveWorkerThreads);

        using var cancellation = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var batch in loader.Epoch(0, 0, cancellation.Token)) cancellation.Cancel();
        });
        Assert.Equal(0, loader.LiveWorkerThreads);
    }

    [Fact]
    public void A_broken_sample_surfaces_as_a_dataset_error_naming_it_and_stops_the_workers()
    {
        using var data = new TestDataset(photos: 6);
        File.WriteAllBytes(data.Samples[4].MaskPath, [1, 2, 3]);
        var loader = new HarmonizationBatchLoader(data.Samples, Options() with { Shuffle = false });

        var error = Assert.Throws<DatasetException>(() => loader.Epoch(0).ToList());

        Assert.Contains(data.Samples[4].MaskPath, error.Message);
        Assert.Equal(0, loader.LiveWorkerThreads);
    }

    [Fact]
    public void Augmentation_is_off_by_default()
    {
        Assert.Null(Options().Augmentation);
        using var data = new TestDataset(photos: 3);
        var plain = new HarmonizationBatchLoader(data.Samples, Options() with { Shuffle = false });
        // Without augmentation every epoch sees identical pixels for a sample.
        var epoch0 = Assert.Single(plain.Epoch(0));
        var epoch1 = Assert.Single(plain.Epoch(1));
        Assert.Equal(epoch0.Composite.Data, epoch1.Composite.Data);
    }

    [Fact]
    public void Flip_augmentation_mirrors_composite_real_and_mask_together()
    {
        using var data = new TestDataset(photos: 3, size: _ => (12, 10)); // already at working size, so resizing is the identity
        var options = Options() with { Shuffle = false };
        var plain = Assert.Single(new HarmonizationBatchLoader(data.Samples, options).Epoch(0));
        var flipped = Assert.Single(new HarmonizationBatchLoader(data.Samples,
            options with { Augmentation = new AugmentationOptions { HorizontalFlipProbability = 1 } }).Epoch(0));

        for (int row = 0; row < 3 * 3 * 10; row++)
        {
            Assert.Equal(plain.Composite.Data.AsSpan(row * 12, 12).ToArray().Reverse(), flipped.Composite.Data.AsSpan(row * 12, 12).ToArray());
            Assert.Equal(plain.Real.Data.AsSpan(row * 12, 12).ToArray().Reverse(), flipped.Real.Data.AsSpan(row * 12, 12).ToArray());
        }
        for (int row = 0; row < 3 * 10; row++)
            Assert.Equal(plain.Mask.Data.AsSpan(row * 12, 12).ToArray().Reverse(), flipped.Mask.Data.AsSpan(row * 12, 12).ToArray());
    }

    [Fact]
    public void Crop_augmentation_is_deterministic_per_seed_and_epoch_and_independent_of_workers()
    {
        using var data = new TestDataset(photos: 6, size: _ => (40, 30));
        var augmented = Options() with { Augmentation = new AugmentationOptions { MinCropScale = 0.5, HorizontalFlipProbability = 0.5 } };

        var a = new HarmonizationBatchLoader(data.Samples, augmented with { Workers = 1 }).Epoch(0).ToList();
        var b = new HarmonizationBatchLoader(data.Samples, augmented with { Workers = 3 }).Epoch(0).ToList();
        var plain = new HarmonizationBatchLoader(data.Samples, Options()).Epoch(0).ToList();
        var nextEpoch = new HarmonizationBatchLoader(data.Samples, augmented with { Shuffle = false }).Epoch(1).ToList();
        var sameOrderEpoch0 = new HarmonizationBatchLoader(data.Samples, augmented with { Shuffle = false }).Epoch(0).ToList();

        BatchComparison.AssertIdentical(a, b);
        Assert.NotEqual(plain[0].Composite.Data, a[0].Composite.Data);
        Assert.NotEqual(sameOrderEpoch0[0].Composite.Data, nextEpoch[0].Composite.Data);
    }

    [Fact]
    public void Samples_without_ground_truth_or_too_few_samples_are_refused()
    {
        var noReal = new HarmonizationSample("S", "a", "a.png", "a_mask.png", null);
        Assert.Throws<ArgumentException>(() => new HarmonizationBatchLoader([noReal, noReal, noReal], Options()));
        var withReal = noReal with { RealPath = "r.png" };
        Assert.Throws<ArgumentException>(() => new HarmonizationBatchLoader([withReal, withReal], Options()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HarmonizationBatchLoader([withReal], Options() with { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HarmonizationBatchLoader([withReal],
            Options() with { BatchSize = 1, Augmentation = new AugmentationOptions { MinCropScale = 0 } }));
    }
}
