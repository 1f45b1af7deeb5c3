using Harmonia.Data.Datasets;
using Harmonia.Data.Loading;
using Harmonia.Imaging.Files;
using Harmonia.Imaging.TensorConversion;
using Harmonia.Imaging;

namespace Harmonia.Data.Tests.Loading;

public class EvaluationReaderTests
{
    [Fact]
    public void Native_size_samples_come_in_list_order_with_their_own_sizes()
    {
        using var data = new TestDataset(photos: 5);
        var reader = new EvaluationReader(data.Samples, new EvaluationReaderOptions { Workers = 3 });

        var samples = reader.Samples().ToList();

        Assert.Equal(data.Samples.Select(s => s.Name), samples.Select(s => s.Sample.Name));
        for (int i = 0; i < samples.Count; i++)
        {
            var composite = ImageFile.Load(data.Samples[i].CompositePath);
            Assert.Equal([1, 3, composite.Height, composite.Width], samples[i].Composite.Shape);
            Assert.Equal([1, 1, composite.Height, composite.Width], samples[i].Mask.Shape);
            Assert.Equal(ImageTensorConversion.ToChw(composite, PixelRange.ZeroToOne), samples[i].Composite.Data);
            Assert.Equal((composite.Width, composite.Height), (samples[i].OriginalWidth, samples[i].OriginalHeight));
        }
    }

    [Fact]
    public void Batches_keep_the_remainder_and_match_single_samples()
    {
        using var data = new TestDataset(photos: 5);
        var options = new EvaluationReaderOptions { Width = 8, Height = 6 };
        var reader = new EvaluationReader(data.Samples, options);

        var batches = reader.Batches(2).ToList();
        var singles = reader.Samples().ToList();

        Assert.Equal([2, 2, 1], batches.Select(b => b.Count));
        Assert.Equal(data.Samples.Select(s => s.Name), batches.SelectMany(b => b.Names));
        Assert.Equal(singles[4].Composite.Data, batches[2].Composite.Data);
        Assert.Equal(singles[4].Real!.Data, batches[2].Real.Data);
        Assert.Equal(singles[2].Mask.Data, batches[1].Mask.Data.AsSpan(0, 48).ToArray());
    }

    [Fact]
    public void Samples_without_ground_truth_are_read_but_cannot_be_batched()
    {
        using var dir = new TempDirectory();
        ImageFile.Save(dir.File("x.png"), TestImages.Photo(9, 7, 1));
        ImageFile.Save(dir.File("x_mask.png"), TestImages.RectangleMask(9, 7, 1, 1, 5, 5));
        var samples = PairedFolderIndex.Load(dir.Path);

        var loaded = Assert.Single(new EvaluationReader(samples).Samples());
        Assert.Null(loaded.Real);
        Assert.Equal(16f, loaded.Mask.Data.Sum());
        Assert.Throws<ArgumentException>(() => new EvaluationReader(samples, new EvaluationReaderOptions { Width = 4, Height = 4 }).Batches(1));
        Assert.Throws<InvalidOperationException>(() => new EvaluationReader(samples).Batches(1));
    }

    [Fact]
    public void Only_width_or_only_height_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new EvaluationReader([], new EvaluationReaderOptions { Width = 4 }));
    }
}
