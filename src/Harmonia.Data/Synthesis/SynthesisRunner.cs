using System.Diagnostics;
using System.Text;
using Harmonia.Data.Datasets;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;
using Harmonia.Tensors.Files;
using Harmonia.Tensors.Random;
using Harmonia.Tensors;

namespace Harmonia.Data.Synthesis;

/// <summary>
/// Turns real photos with object masks into an iHarmony4-layout dataset whose composites have
/// the photos as ground truth (the <c>harmonia synth</c> command).
/// <list type="number">
/// <item>Every photo and mask is checked (and, for colour transfer, its colours measured).
/// A bad photo — mask missing, unreadable, of another size, empty or covering everything, or the
/// photo unreadable — is skipped and listed in <see cref="SynthesisReport.Skipped"/> and in
/// synthesis.json; the run fails only when no photo is usable (or colour transfer has fewer
/// than two).</item>
/// <item>Photos are split into train and test (<see cref="SynthesisOptions.TestFraction"/>, by photo).</item>
/// <item>Each usable photo gets its real image, its binarized mask and
/// <see cref="SynthesisOptions.PerPhoto"/> composites, in parallel over photos. Each composite's
/// random choices come from a generator seeded by (seed, photo index, composite number), so the
/// bytes written do not depend on the thread count.</item>
/// <item>Nothing is written before a photo is found usable; then synthesis.json (marked incomplete) goes first,
/// and the lists, composites.tsv and the completed synthesis.json last.</item>
/// </list>
/// Every file is written atomically. A folder holding a run with the same parameters is resumed
/// (files already present are complete, so they are kept); any other non-empty folder is refused.
/// </summary>
public static class SynthesisRunner
{
    /// <summary>Runs a synthesis.</summary>
    /// <param name="options">What to make.</param>
    /// <param name="progress">Told how many photos each phase has done (from worker threads).</param>
    /// <param name="cancellationToken">Stops the run between files; the folder can be resumed later.</param>
    /// <exception cref="SynthesisException">The run cannot proceed (see the class remarks); nothing is mixed or overwritten.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static SynthesisReport Run(SynthesisOptions options, IProgress<SynthesisProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        if (options.OutputFormat == ImageFileFormat.Jpeg) EnsureJpegOutputAvailable(options.JpegQuality);

        var layout = new SynthesisOutputLayout(options.OutputRoot, options.Subset, options.OutputFormat);
        var files = SourcePhotoScanner.Scan(options.PhotosDirectory, options.MasksDirectory);
        var parameters = SynthesisParameters.From(options, files);
        bool resumed = CheckOutputFolder(layout, parameters);

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads ?? EngineSettings.Threads, CancellationToken = cancellationToken };
        var (usable, skipped) = CheckPhotos(files, options.Recipe.UsesReferencePhotos(), parallel, progress);
        if (usable.Count == 0)
            throw new SynthesisException($"None of the {files.Count} photos can be used; first problems:{Environment.NewLine}" +
                string.Join(Environment.NewLine, skipped.Take(5).Select(s => $"{s.PhotoPath}: {s.Reason}")));
        if (options.Recipe.UsesReferencePhotos() && usable.Count < 2)
            throw new SynthesisException($"The {options.Recipe.ToName()} recipe takes colours from another photo, but only one photo is usable.");
        // Only now is anything written: a run refused for its photos leaves no folder that would read as
        // another synthesis when the photos are mended and the command is run again.
        CreateOutputFolder(layout, parameters);

        bool[] isTest = PhotoSplit.TestMembership(usable.Count, options.TestFraction, options.Seed);
        var plans = PlanComposites(options, usable);
        int filesWritten = WriteImages(options, layout, usable, plans, parallel, progress);

        var lists = WriteListsAndTable(layout, usable, plans, isTest, options.PerPhoto);
        var counts = new SynthesisCounts(files.Count, usable.Count, lists.TrainPhotos, lists.TestPhotos, lists.TrainComposites, lists.TestComposites);
        new SynthesisManifest(SynthesisManifest.FormatName, parameters, true, counts, skipped).Write(layout.ManifestPath);

        return new SynthesisReport
        {
            SubsetDirectory = layout.SubsetDirectory,
            TrainListPath = layout.ListPath(DatasetSplit.Train),
            TestListPath = layout.ListPath(DatasetSplit.Test),
            Resumed = resumed,
            PhotosFound = files.Count,
            Skipped = skipped,
            TrainPhotos = lists.TrainPhotos,
            TestPhotos = lists.TestPhotos,
            TrainComposites = lists.TrainComposites,
            TestComposites = lists.TestComposites,
            FilesWritten = filesWritten,
            OutputFormat = options.OutputFormat,
            Elapsed = clock.Elapsed,
        };
    }

    private static void EnsureJpegOutputAvailable(int quality)
    {
        try { ImageFile.Encode(new Image(8, 8, 3), ImageFileFormat.Jpeg, quality); }
        catch (ImageFormatException e)
        {
            throw new SynthesisException($"JPEG output is not available in this build ({e.Message}); ask for PNG output instead.", e);
        }
    }

    /// <summary>True when resuming an earlier run of the same parameters; throws when the folder holds anything else.
    /// Writes nothing: the photos are checked before the folder is made.</summary>
    private static bool CheckOutputFolder(SynthesisOutputLayout layout, SynthesisParameters parameters)
    {
        string directory = layout.SubsetDirectory;
        bool resumed = false;
        if (File.Exists(layout.ManifestPath))
        {
            var existing = SynthesisManifest.Read(layout.ManifestPath);
            var differences = parameters.Differences(existing.Parameters).ToList();
            if (differences.Count > 0)
                throw new SynthesisException($"'{directory}' holds a synthesis made with other parameters ({string.Join("; ", differences)}). " +
                    "Refusing to mix two datasets: choose another --out or --subset, or delete the folder.");
            resumed = true;
        }
        else if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new SynthesisException($"'{directory}' is not empty and holds no {SynthesisManifest.FileName}; refusing to write a synthesis into it.");
        }
        return resumed;
    }

    private static void CreateOutputFolder(SynthesisOutputLayout layout, SynthesisParameters parameters)
    {
        string directory = layout.SubsetDirectory;
        // The record goes first, before any image, so that an interrupted run is recognized as ours.
        Directory.CreateDirectory(directory);
        new SynthesisManifest(SynthesisManifest.FormatName, parameters, false, null, null).Write(layout.ManifestPath);
        layout.CreateFolders();
        layout.DeleteLeftoverTemporaryFiles();
    }

    private static (IReadOnlyList<UsablePhoto> Usable, IReadOnlyList<SkippedPhoto> Skipped) CheckPhotos(
        IReadOnlyList<SourcePhotoFile> files, bool measureColours, ParallelOptions parallel, IProgress<SynthesisProgress>? progress)
    {
        var results = new (UsablePhoto? Photo, string? Reason)[files.Count];
        int done = 0;
        ParallelPhotos.For(files.Count, parallel, i =>
        {
            results[i] = SourcePhotoCheck.Check(files[i], measureColours);
            progress?.Report(new SynthesisProgress(SynthesisPhase.CheckingPhotos, Interlocked.Increment(ref done), files.Count));
        });
        var usable = results.Where(r => r.Photo is not null).Select(r => r.Photo!).ToList();
        var skipped = results.Select((r, i) => (r, i)).Where(x => x.r.Photo is null)
            .Select(x => new SkippedPhoto(files[x.i].PhotoPath, x.r.Reason!)).ToList();
        return (usable, skipped);
    }

    private static CompositePlan[][] PlanComposites(SynthesisOptions options, IReadOnlyList<UsablePhoto> usable)
    {
        var plans = new CompositePlan[usable.Count][];
        for (int position = 0; position < usable.Count; position++)
        {
            plans[position] = new CompositePlan[options.PerPhoto];
            for (int n = 1; n <= options.PerPhoto; n++)
            {
                var random = new RandomGenerator(DerivedSeed.From(options.Seed, 3, usable[position].File.Index, n));
                plans[position][n - 1] = CompositePlanner.Plan(options.Recipe, random, position, usable.Count);
            }
        }
        return plans;
    }

    /// <summary>Writes every missing real photo, mask and composite; returns how many files it wrote.</summary>
    private static int WriteImages(SynthesisOptions options, SynthesisOutputLayout layout, IReadOnlyList<UsablePhoto> usable,
        CompositePlan[][] plans, ParallelOptions parallel, IProgress<SynthesisProgress>? progress)
    {
        int written = 0, done = 0;
        ParallelPhotos.For(usable.Count, parallel, position =>
        {
            var file = usable[position].File;
            string realPath = layout.RealPath(file.Name), maskPath = layout.MaskPath(file.Name);
            var missingComposites = Enumerable.Range(1, options.PerPhoto).Where(n => !File.Exists(layout.CompositePath(file.Name, n))).ToList();
            if (File.Exists(realPath) && File.Exists(maskPath) && missingComposites.Count == 0)
            {
                progress?.Report(new SynthesisProgress(SynthesisPhase.WritingComposites, Interlocked.Increment(ref done), usable.Count));
                return;
            }

            var (photo, mask) = SourcePhotoCheck.Load(file);
            if (!File.Exists(realPath)) { WriteReal(file, photo, realPath, options); Interlocked.Increment(ref written); }
            if (!File.Exists(maskPath)) { ImageFile.Save(maskPath, mask.ToImage()); Interlocked.Increment(ref written); }
            foreach (int n in missingComposites)
            {
                parallel.CancellationToken.ThrowIfCancellationRequested();
                var composite = CompositePlanner.Render(plans[position][n - 1], photo, mask, usable);
                ImageFile.Save(layout.CompositePath(file.Name, n), composite, options.JpegQuality);
                Interlocked.Increment(ref written);
            }
            progress?.Report(new SynthesisProgress(SynthesisPhase.WritingComposites, Interlocked.Increment(ref done), usable.Count));
        });
        return written;
    }

    /// <summary>
    /// The ground truth is the photo itself: its bytes are copied when it is already in the output
    /// format (no second lossy compression); otherwise its decoded pixels are encoded.
    /// </summary>
    private static void WriteReal(SourcePhotoFile file, Image photo, string realPath, SynthesisOptions options)
    {
        byte[] original = File.ReadAllBytes(file.PhotoPath);
        if (ImageFile.DetectFormat(original) == options.OutputFormat)
            AtomicFileWriter.WriteAllBytes(realPath, original);
        else
            ImageFile.Save(realPath, photo, options.JpegQuality);
    }

    private sealed record ListCounts(int TrainPhotos, int TestPhotos, int TrainComposites, int TestComposites);

    private static ListCounts WriteListsAndTable(SynthesisOutputLayout layout, IReadOnlyList<UsablePhoto> usable, CompositePlan[][] plans, bool[] isTest, int perPhoto)
    {
        var train = new StringBuilder();
        var test = new StringBuilder();
        var table = new StringBuilder("composite\tsplit\tplan\n");
        for (int position = 0; position < usable.Count; position++)
        {
            var list = isTest[position] ? test : train;
            for (int n = 1; n <= perPhoto; n++)
            {
                string name = layout.CompositeFileName(usable[position].File.Name, n);
                list.Append(name).Append('\n');
                table.Append(name).Append('\t').Append(isTest[position] ? "test" : "train").Append('\t')
                    .Append(CompositePlanner.Describe(plans[position][n - 1], usable)).Append('\n');
            }
        }
        AtomicFileWriter.WriteAllBytes(layout.ListPath(DatasetSplit.Train), Encoding.UTF8.GetBytes(train.ToString()));
        AtomicFileWriter.WriteAllBytes(layout.ListPath(DatasetSplit.Test), Encoding.UTF8.GetBytes(test.ToString()));
        AtomicFileWriter.WriteAllBytes(layout.CompositeTablePath, Encoding.UTF8.GetBytes(table.ToString()));
        int testPhotos = isTest.Count(t => t);
        return new ListCounts(usable.Count - testPhotos, testPhotos, (usable.Count - testPhotos) * perPhoto, testPhotos * perPhoto);
    }
}
