using Harmonia.Data.Datasets;
using Harmonia.Data.Synthesis;
using Harmonia.Data.Tests.Loading;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Data.Tests.Synthesis;

public class OnTheFlyCompositesTests
{
    private const int Side = 20;

    /// <summary>Square PNG photos with rectangular masks of various sizes, in photos/ and masks/.</summary>
    private static TempDirectory MakeSources(int photos)
    {
        var dir = new TempDirectory();
        for (int p = 0; p < photos; p++)
        {
            ImageFile.Save(dir.File($"photos/img_{p:D2}.png"), TestImages.Photo(Side, Side, (ulong)(70 + p)));
            ImageFile.Save(dir.File($"masks/img_{p:D2}.png"), TestImages.RectangleMask(Side, Side, 2 + p % 4, 3, 12 + p % 5, 15));
        }
        return dir;
    }

    private static OnTheFlyOptions Options(TempDirectory sources, CompositeMix? mix = null) => new()
    {
        PhotosDirectory = Path.Combine(sources.Path, "photos"),
        MasksDirectory = Path.Combine(sources.Path, "masks"),
        Mix = mix ?? CompositeMix.Parse("lighting:0.6,iharmony:0.4", identityShare: 0.25),
        TestFraction = 0.3,
        SplitSeed = 7,
        Seed = 5,
        BatchSize = 2,
        Size = Side,
    };

    [Fact]
    public void Holds_out_exactly_the_photos_synth_holds_out_with_the_same_seed()
    {
        using var sources = MakeSources(10);
        using var output = new TempDirectory();
        var options = Options(sources);
        SynthesisRunner.Run(new SynthesisOptions
        {
            PhotosDirectory = options.PhotosDirectory, MasksDirectory = options.MasksDirectory, OutputRoot = output.Path, Subset = "S",
            Recipe = SynthesisRecipe.Lighting, TestFraction = options.TestFraction, Seed = options.SplitSeed, OutputFormat = ImageFileFormat.Png,
        });
        static string Photo(HarmonizationSample s) => s.Name[..s.Name.LastIndexOf("_1_", StringComparison.Ordinal)];
        var synthTest = IHarmony4Index.Load(output.Path, ["S"], DatasetSplit.Test).Select(Photo).Order(StringComparer.Ordinal).ToList();
        var synthTrain = IHarmony4Index.Load(output.Path, ["S"], DatasetSplit.Train).Select(Photo).Order(StringComparer.Ordinal).ToList();

        var train = OnTheFlyComposites.Load(options);
        var test = train.HeldOut();

        Assert.Equal(3, synthTest.Count);
        Assert.Equal(synthTest, test.PhotoNames.Order(StringComparer.Ordinal));
        Assert.Equal(synthTrain, train.PhotoNames.Order(StringComparer.Ordinal));
        Assert.Equal(3, train.BatchesPerEpoch); // 7 photos in batches of 2, the last partial batch dropped
        Assert.Equal(3, test.BatchesPerEpoch);  // validation: batches of one
    }

    [Fact]
    public void Batches_do_not_depend_on_the_worker_count_and_a_resumed_epoch_continues_exactly()
    {
        using var sources = MakeSources(10);
        var oneWorker = OnTheFlyComposites.Load(Options(sources) with { Workers = 1 });
        var threeWorkers = OnTheFlyComposites.Load(Options(sources) with { Workers = 3, LoadThreads = 1 });

        var expected = oneWorker.Epoch(1).ToList();
        BatchComparison.AssertIdentical(expected, threeWorkers.Epoch(1).ToList());
        BatchComparison.AssertIdentical(expected.Skip(2).ToList(), threeWorkers.Epoch(1, skipBatches: 2).ToList());
        Assert.Equal([2, 3, Side, Side], expected[0].Composite.Shape);
        Assert.Equal([2, 1, Side, Side], expected[0].Mask.Shape);
    }

    [Fact]
    public void Every_visit_draws_a_new_composite_that_changes_only_the_foreground()
    {
        using var sources = MakeSources(6);
        var source = OnTheFlyComposites.Load(Options(sources, CompositeMix.Parse("lighting", 0)) with { TestFraction = 0, Shuffle = false, Flip = false });

        for (int position = 0; position < source.PhotoCount; position++)
        {
            var (first, firstRecipe) = source.Draw(epoch: 0, position);
            var (second, _) = source.Draw(epoch: 1, position);
            Assert.Equal(SynthesisRecipe.Lighting, firstRecipe);
            Assert.Equal(first.Real, second.Real);
            Assert.NotEqual(first.Composite, second.Composite);
            int pixels = Side * Side, changed = 0;
            for (int c = 0; c < 3; c++)
                for (int p = 0; p < pixels; p++)
                {
                    bool same = first.Composite[c * pixels + p] == first.Real![c * pixels + p];
                    if (first.Mask[p] == 0f) Assert.True(same, $"photo {position}: background pixel {p} changed");
                    else if (!same) changed++;
                }
            Assert.True(changed > 0, $"photo {position}: the foreground did not change");
        }
    }

    [Fact]
    public void About_the_identity_share_of_samples_are_the_unchanged_photo()
    {
        using var sources = MakeSources(8);
        var source = OnTheFlyComposites.Load(Options(sources, CompositeMix.Parse("lighting,iharmony", identityShare: 0.4)) with { TestFraction = 0 });

        int draws = 0, identities = 0;
        for (int epoch = 0; epoch < 50; epoch++)
            for (int position = 0; position < source.PhotoCount; position++)
            {
                var (sample, recipe) = source.Draw(epoch, position);
                draws++;
                if (recipe is not null) continue;
                identities++;
                Assert.Equal(sample.Real, sample.Composite);
            }
        // 400 draws at p = 0.4: the standard deviation of the share is 0.024.
        Assert.InRange(identities / (double)draws, 0.32, 0.48);
    }

    [Fact]
    public void Photos_are_resized_once_and_one_whose_object_vanishes_at_the_working_size_is_skipped()
    {
        using var sources = MakeSources(4);
        // A one-pixel object: nearest-neighbour sampling to 5x5 misses it.
        ImageFile.Save(sources.File("photos/tiny.png"), TestImages.Photo(Side, Side, 3));
        ImageFile.Save(sources.File("masks/tiny.png"), TestImages.RectangleMask(Side, Side, 0, 0, 1, 1));

        var source = OnTheFlyComposites.Load(Options(sources) with { TestFraction = 0, Size = 5 });

        Assert.Equal(4, source.PhotoCount);
        var skipped = Assert.Single(source.Skipped);
        Assert.EndsWith("tiny.png", skipped.PhotoPath);
        Assert.Contains("empty", skipped.Reason);
        Assert.Equal([2, 3, 5, 5], source.Epoch(0).First().Real.Shape);
    }

    [Fact]
    public void Fewer_usable_photos_than_one_batch_is_an_error_naming_the_folder()
    {
        using var sources = MakeSources(3);
        var e = Assert.Throws<SynthesisException>(() => OnTheFlyComposites.Load(Options(sources) with { TestFraction = 0, BatchSize = 4 }));
        Assert.Contains("cannot fill one batch of 4", e.Message);
        var missing = Assert.Throws<SynthesisException>(() => OnTheFlyComposites.Load(Options(sources) with { MasksDirectory = Path.Combine(sources.Path, "nope") }));
        Assert.Contains("nope", missing.Message);
    }
}
