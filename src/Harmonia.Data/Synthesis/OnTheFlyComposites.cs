using Harmonia.Data.Datasets;
using Harmonia.Data.Loading;
using Harmonia.Imaging.TensorConversion;
using Harmonia.Imaging;
using Harmonia.Tensors.Random;
using Harmonia.Tensors;

namespace Harmonia.Data.Synthesis;

/// <summary>
/// Training batches whose composites are synthesized afresh at every visit of a photo
/// (<c>harmonia train --photos DIR --masks DIR</c>), so a fixed set of real photos gives an
/// unlimited stream of composites instead of the few per photo that <c>harmonia synth</c> stores.
/// </summary>
/// <remarks>
/// The photos are checked as <c>synth</c> checks them and split as it splits them; the training
/// photos are resized to the working size once and kept in memory (<see cref="HeldOut"/> loads the
/// others for validation). A sample's composite, recipe and flip depend only on (seed,
/// epoch, the photo's index), and the epoch's order only on (seed, epoch), so batches are
/// bit-identical whatever the number of workers, and a resumed run sees exactly the batches an
/// uninterrupted one would. Colour transfers aim only at photos of the same split.
/// </remarks>
public sealed class OnTheFlyComposites : IBatchSource
{
    private readonly OnTheFlyOptions options;
    private readonly IReadOnlyList<UsablePhoto> photos;
    private readonly Image[] images;
    private readonly Mask[] masks;
    private readonly IReadOnlyList<UsablePhoto> heldOut;

    private OnTheFlyComposites(OnTheFlyOptions options, IReadOnlyList<UsablePhoto> photos, Image[] images, Mask[] masks,
        IReadOnlyList<UsablePhoto> heldOut, IReadOnlyList<SkippedPhoto> skipped)
    {
        this.options = options;
        this.photos = photos;
        this.images = images;
        this.masks = masks;
        this.heldOut = heldOut;
        Skipped = skipped;
    }

    /// <summary>Photos the batches draw from.</summary>
    public int PhotoCount => photos.Count;

    /// <summary>The photos' names, in index order.</summary>
    public IReadOnlyList<string> PhotoNames => photos.Select(p => p.File.Name).ToArray();

    /// <summary>Photos that could not be used, with the reason.</summary>
    public IReadOnlyList<SkippedPhoto> Skipped { get; }

    /// <inheritdoc />
    public int BatchesPerEpoch => photos.Count / options.BatchSize;

    /// <summary>Checks the photos, splits them, and loads the training photos at the working size.</summary>
    /// <exception cref="SynthesisException">A folder is missing, no training photo is usable, a colour-transfer recipe has fewer than two photos, or there are fewer photos than one batch.</exception>
    public static OnTheFlyComposites Load(OnTheFlyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var files = SourcePhotoScanner.Scan(options.PhotosDirectory, options.MasksDirectory);
        var checks = new (UsablePhoto? Photo, string? Reason)[files.Count];
        ParallelPhotos.For(files.Count, LoadParallelism(options), i => checks[i] = SourcePhotoCheck.Check(files[i], options.Mix.UsesReferencePhotos));

        var skipped = new List<SkippedPhoto>();
        var usable = new List<UsablePhoto>();
        for (int i = 0; i < files.Count; i++)
        {
            if (checks[i].Photo is { } photo) usable.Add(photo);
            else skipped.Add(new SkippedPhoto(files[i].PhotoPath, checks[i].Reason!));
        }
        // The same membership as `synth` computes from the same usable list, fraction and seed.
        bool[] isTest = PhotoSplit.TestMembership(usable.Count, options.TestFraction, options.SplitSeed);
        var training = usable.Where((_, position) => !isTest[position]).ToList();
        var heldOut = usable.Where((_, position) => isTest[position]).ToList();
        return FromCheckedPhotos(options, training, heldOut, skipped, files.Count, "training");
    }

    /// <summary>
    /// Batches of one over the held-out photos, in order and unflipped, with the same recipes and seed
    /// (for validation: epoch 0 is the same composites every time). The photos were checked by
    /// <see cref="Load"/>; only they are read now.
    /// </summary>
    /// <exception cref="SynthesisException">No held-out photo is usable, or a colour-transfer recipe has only one.</exception>
    public OnTheFlyComposites HeldOut() =>
        FromCheckedPhotos(options with { BatchSize = 1, Shuffle = false, Flip = false }, heldOut, [], [], heldOut.Count, "held-out");

    private static ParallelOptions LoadParallelism(OnTheFlyOptions options) =>
        new() { MaxDegreeOfParallelism = options.LoadThreads ?? EngineSettings.Threads };

    /// <summary>Loads <paramref name="split"/> at the working size; a photo whose object vanishes there is skipped.</summary>
    private static OnTheFlyComposites FromCheckedPhotos(OnTheFlyOptions options, IReadOnlyList<UsablePhoto> split, IReadOnlyList<UsablePhoto> heldOut,
        List<SkippedPhoto> skipped, int photosFound, string which)
    {
        var images = new Image[split.Count];
        var masks = new Mask[split.Count];
        var tooSmall = new string?[split.Count];
        ParallelPhotos.For(split.Count, LoadParallelism(options), i =>
        {
            var (photo, mask) = SourcePhotoCheck.Load(split[i].File);
            if (photo.Width != options.Size || photo.Height != options.Size)
            {
                photo = ImageResizer.Resize(photo, options.Size, options.Size, ResamplingFilter.Bilinear);
                mask = mask.ResizeNearest(options.Size, options.Size);
                if (mask.IsEmpty || mask.ForegroundPixelCount == mask.Values.Length)
                    tooSmall[i] = $"at {options.Size}x{options.Size} its mask is {(mask.IsEmpty ? "empty" : "the whole image")}";
            }
            images[i] = photo;
            masks[i] = mask;
        });
        var keep = Enumerable.Range(0, split.Count).Where(i => tooSmall[i] is null).ToArray();
        skipped.AddRange(Enumerable.Range(0, split.Count).Where(i => tooSmall[i] is not null).Select(i => new SkippedPhoto(split[i].File.PhotoPath, tooSmall[i]!)));

        if (keep.Length == 0)
            throw new SynthesisException($"None of the {photosFound} photos in '{options.PhotosDirectory}' is a usable {which} photo" +
                (skipped.Count > 0 ? $"; first problem: {skipped[0].PhotoPath}: {skipped[0].Reason}" : "."));
        if (options.Mix.UsesReferencePhotos && keep.Length < 2)
            throw new SynthesisException($"The mix takes colours from other photos, but only one {which} photo is usable.");
        if (keep.Length < options.BatchSize)
            throw new SynthesisException($"{keep.Length} usable {which} photo(s) cannot fill one batch of {options.BatchSize}.");
        return new OnTheFlyComposites(options, keep.Select(i => split[i]).ToArray(), keep.Select(i => images[i]).ToArray(),
            keep.Select(i => masks[i]).ToArray(), heldOut, skipped);
    }

    /// <inheritdoc />
    public IEnumerable<HarmonizationBatch> Epoch(int epoch, int skipBatches = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (skipBatches < 0 || skipBatches > BatchesPerEpoch)
            throw new ArgumentOutOfRangeException(nameof(skipBatches), skipBatches, $"Can skip 0 to {BatchesPerEpoch} batches.");
        return EnumerateEpoch(epoch, skipBatches);
    }

    /// <summary>The composite drawn for the photo at <paramref name="position"/> in epoch <paramref name="epoch"/>, with its recipe (null: identity).</summary>
    internal (DecodedSample Sample, SynthesisRecipe? Recipe) Draw(int epoch, int position)
    {
        var photo = photos[position];
        var random = new RandomGenerator(DerivedSeed.From(options.Seed, 5, epoch, photo.File.Index));
        var recipe = options.Mix.Draw(random);
        var composite = images[position];
        if (recipe is { } chosen)
        {
            var plan = CompositePlanner.Plan(chosen, random, position, photos.Count);
            composite = CompositePlanner.Render(plan, images[position], masks[position], photos);
        }
        bool flip = options.Flip && random.NextDouble() < 0.5;

        int size = options.Size;
        float[] compositePlanes = ImageTensorConversion.ToChw(composite, PixelRange.ZeroToOne);
        float[] realPlanes = ImageTensorConversion.ToChw(images[position], PixelRange.ZeroToOne);
        float[] maskPlane = (float[])masks[position].Values.Clone();
        if (flip)
        {
            ImageGeometry.FlipPlanesHorizontally(compositePlanes, 3, size, size);
            ImageGeometry.FlipPlanesHorizontally(realPlanes, 3, size, size);
            ImageGeometry.FlipPlanesHorizontally(maskPlane, 1, size, size);
        }
        var file = photo.File;
        var sample = new HarmonizationSample("on-the-fly", file.Name, file.PhotoPath, file.MaskPath!, file.PhotoPath);
        return (new DecodedSample(sample, compositePlanes, realPlanes, maskPlane, size, size, size, size), recipe);
    }

    private int[] EpochOrder(int epoch)
    {
        var order = Enumerable.Range(0, photos.Count).ToArray();
        if (options.Shuffle) new RandomGenerator(DerivedSeed.From(options.Seed, 1, epoch)).Shuffle(order);
        return order;
    }

    private IEnumerable<HarmonizationBatch> EnumerateEpoch(int epoch, int skipBatches)
    {
        int batchSize = options.BatchSize, size = options.Size;
        int[] order = EpochOrder(epoch);
        int first = skipBatches * batchSize;
        int sampleCount = (BatchesPerEpoch - skipBatches) * batchSize;
        using var prefetcher = new OrderedPrefetcher<DecodedSample>(sampleCount, i => Draw(epoch, order[first + i]).Sample,
            options.Workers, 2 * batchSize);
        for (int start = 0; start < sampleCount; start += batchSize)
        {
            var batch = new DecodedSample[batchSize];
            for (int i = 0; i < batchSize; i++) batch[i] = prefetcher.TakeNext();
            yield return BatchAssembly.Assemble(batch, size, size);
        }
    }
}
