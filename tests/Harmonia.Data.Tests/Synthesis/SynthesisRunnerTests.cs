using System.Text.Json;
using Harmonia.Data.Datasets;
using Harmonia.Data.Synthesis;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Data.Tests.Synthesis;

public class SynthesisRunnerTests
{
    private const int PhotoCount = 6;

    /// <summary>Six PNG photos with masks of various shapes, in photos/ and masks/.</summary>
    private static TempDirectory MakeSources(int photos = PhotoCount)
    {
        var dir = new TempDirectory();
        for (int p = 0; p < photos; p++)
        {
            int width = 24 + p % 2 * 4, height = 18;
            ImageFile.Save(dir.File($"photos/img_{p:D2}.png"), TestImages.Photo(width, height, (ulong)(40 + p)));
            ImageFile.Save(dir.File($"masks/img_{p:D2}.png"), TestImages.RectangleMask(width, height, 2 + p, 3, 14 + p, 15 - p % 3));
        }
        return dir;
    }

    private static SynthesisOptions Options(TempDirectory sources, string outputRoot, SynthesisRecipe recipe = SynthesisRecipe.Mixed) => new()
    {
        PhotosDirectory = Path.Combine(sources.Path, "photos"),
        MasksDirectory = Path.Combine(sources.Path, "masks"),
        OutputRoot = outputRoot,
        Subset = "Synth",
        Recipe = recipe,
        PerPhoto = 3,
        TestFraction = 0.34,
        Seed = 11,
        OutputFormat = ImageFileFormat.Png,
    };

    /// <summary>Every file under <paramref name="root"/> by relative path, with its bytes.</summary>
    private static SortedDictionary<string, byte[]> Snapshot(string root)
        => new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes), StringComparer.Ordinal);

    private static void AssertSameFiles(IDictionary<string, byte[]> expected, IDictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (path, bytes) in expected) Assert.True(bytes.AsSpan().SequenceEqual(actual[path]), $"{path} differs");
    }

    [Fact]
    public void Writes_an_iharmony4_subset_whose_composites_differ_from_their_photo_only_inside_the_mask()
    {
        using var sources = MakeSources();
        using var output = new TempDirectory();

        var report = SynthesisRunner.Run(Options(sources, output.Path));

        Assert.Equal(PhotoCount, report.PhotosFound);
        Assert.Empty(report.Skipped);
        Assert.Equal(2, report.TestPhotos); // round(0.34·6)
        Assert.Equal(4, report.TrainPhotos);
        Assert.Equal((12, 6), (report.TrainComposites, report.TestComposites));
        Assert.Equal(PhotoCount * (1 + 1 + 3), report.FilesWritten);
        Assert.False(report.Resumed);

        var train = IHarmony4Index.Load(output.Path, ["Synth"], DatasetSplit.Train);
        var test = IHarmony4Index.Load(output.Path, ["Synth"], DatasetSplit.Test);
        Assert.Equal(12, train.Count);
        Assert.Equal(6, test.Count);
        int changedComposites = 0;
        foreach (var sample in train.Concat(test))
        {
            var composite = ImageFile.Load(sample.CompositePath);
            var real = ImageFile.Load(sample.RealPath!);
            var mask = MaskLoader.Load(sample.MaskPath);
            string photoName = sample.Name[..sample.Name.LastIndexOf("_1_", StringComparison.Ordinal)];
            Assert.Equal(File.ReadAllBytes(Path.Combine(sources.Path, "photos", photoName + ".png")), File.ReadAllBytes(sample.RealPath!));
            Assert.Equal(MaskLoader.Load(Path.Combine(sources.Path, "masks", photoName + ".png")).Values, mask.Values);
            bool foregroundChanged = false;
            for (int p = 0; p < mask.Values.Length; p++)
            {
                bool same = composite.Pixels.AsSpan(3 * p, 3).SequenceEqual(real.Pixels.AsSpan(3 * p, 3));
                if (mask.Values[p] == 0f) Assert.True(same, $"{sample.Name}: background pixel {p} changed");
                else foregroundChanged |= !same;
            }
            if (foregroundChanged) changedComposites++;
        }
        Assert.True(changedComposites >= 16, $"only {changedComposites} of 18 composites changed their foreground");

        string table = File.ReadAllText(Path.Combine(output.Path, "Synth", "composites.tsv"));
        Assert.Contains("\tffhqh order=", table);
        Assert.Contains("\tcolor-transfer method=", table);
        Assert.Empty(Directory.EnumerateFiles(output.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_split_is_by_photo()
    {
        using var sources = MakeSources();
        using var output = new TempDirectory();
        SynthesisRunner.Run(Options(sources, output.Path));

        string Photo(string line) => line[..line.LastIndexOf("_1_", StringComparison.Ordinal)];
        var trainPhotos = File.ReadAllLines(Path.Combine(output.Path, "Synth", "Synth_train.txt")).Select(Photo).ToList();
        var testPhotos = File.ReadAllLines(Path.Combine(output.Path, "Synth", "Synth_test.txt")).Select(Photo).ToList();

        Assert.Empty(trainPhotos.Intersect(testPhotos));
        Assert.All(trainPhotos.Concat(testPhotos).GroupBy(p => p), g => Assert.Equal(3, g.Count()));
        Assert.Equal(PhotoCount, trainPhotos.Concat(testPhotos).Distinct().Count());
    }

    [Fact]
    public void Two_runs_write_identical_bytes_whatever_the_thread_count()
    {
        using var sources = MakeSources();
        using var one = new TempDirectory();
        using var three = new TempDirectory();

        SynthesisRunner.Run(Options(sources, one.Path) with { Threads = 1 });
        SynthesisRunner.Run(Options(sources, three.Path) with { Threads = 3 });

        AssertSameFiles(Snapshot(one.Path), Snapshot(three.Path));
    }

    [Fact]
    public void Another_seed_gives_other_composites_but_the_same_real_photos()
    {
        using var sources = MakeSources();
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        SynthesisRunner.Run(Options(sources, a.Path));
        SynthesisRunner.Run(Options(sources, b.Path) with { Seed = 12 });
        var first = Snapshot(a.Path);
        var second = Snapshot(b.Path);
        string composite = Path.Combine("Synth", "composite_images", "img_00_1_1.png");
        string real = Path.Combine("Synth", "real_images", "img_00.png");
        Assert.False(first[composite].AsSpan().SequenceEqual(second[composite]));
        Assert.True(first[real].AsSpan().SequenceEqual(second[real]));
    }

    [Fact]
    public void Rerunning_resumes_by_writing_only_missing_files()
    {
        using var sources = MakeSources();
        using var output = new TempDirectory();
        var options = Options(sources, output.Path);
        SynthesisRunner.Run(options);
        var complete = Snapshot(output.Path);

        string subset = Path.Combine(output.Path, "Synth");
        File.Delete(Path.Combine(subset, "composite_images", "img_03_1_2.png"));
        File.Delete(Path.Combine(subset, "masks", "img_04_1.png"));
        File.Delete(Path.Combine(subset, "Synth_test.txt"));
        File.WriteAllText(Path.Combine(subset, "composite_images", ".img_05_1_1.png.0123456789abcdef.tmp"), "half a file");

        var report = SynthesisRunner.Run(options);

        Assert.True(report.Resumed);
        Assert.Equal(2, report.FilesWritten);
        AssertSameFiles(complete, Snapshot(output.Path));
    }

    [Fact]
    public void A_cancelled_run_resumes_to_the_same_dataset_as_an_uninterrupted_one()
    {
        using var sources = MakeSources();
        using var reference = new TempDirectory();
        using var interrupted = new TempDirectory();
        SynthesisRunner.Run(Options(sources, reference.Path));

        using var cancellation = new CancellationTokenSource();
        var cancelAfterTwoPhotos = new SynchronousProgress(p =>
        {
            if (p.Phase == SynthesisPhase.WritingComposites && p.Done >= 2) cancellation.Cancel();
        });
        var options = Options(sources, interrupted.Path) with { Threads = 1 };
        Assert.ThrowsAny<OperationCanceledException>(() => SynthesisRunner.Run(options, cancelAfterTwoPhotos, cancellation.Token));

        string subset = Path.Combine(interrupted.Path, "Synth");
        Assert.False(File.Exists(Path.Combine(subset, "Synth_train.txt")));
        using (var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(subset, "synthesis.json"))))
            Assert.False(record.RootElement.GetProperty("complete").GetBoolean());
        int writtenBefore = Directory.EnumerateFiles(Path.Combine(subset, "composite_images")).Count();
        Assert.InRange(writtenBefore, 1, PhotoCount * 3 - 1);

        var report = SynthesisRunner.Run(options);

        Assert.True(report.Resumed);
        Assert.Equal(PhotoCount * 5 - writtenBefore - 2 * 2, report.FilesWritten); // two photos had real, mask and composites
        AssertSameFiles(Snapshot(reference.Path), Snapshot(interrupted.Path));
    }

    [Fact]
    public void A_folder_from_other_parameters_is_refused_and_left_untouched()
    {
        using var sources = MakeSources();
        using var output = new TempDirectory();
        SynthesisRunner.Run(Options(sources, output.Path));
        var before = Snapshot(output.Path);

        var seed = Assert.Throws<SynthesisException>(() => SynthesisRunner.Run(Options(sources, output.Path) with { Seed = 99 }));
        Assert.Contains("seed 11 vs 99", seed.Message);
        var recipe = Assert.Throws<SynthesisException>(() => SynthesisRunner.Run(Options(sources, output.Path, SynthesisRecipe.Ffhqh)));
        Assert.Contains("recipe 'mixed' vs 'ffhqh'", recipe.Message);
        var perPhoto = Assert.Throws<SynthesisException>(() => SynthesisRunner.Run(Options(sources, output.Path) with { PerPhoto = 2 }));
        Assert.Contains("per-photo", perPhoto.Message);

        // A changed source folder (same path) is noticed too.
        ImageFile.Save(Path.Combine(sources.Path, "photos", "img_99.png"), TestImages.Photo(8, 8, 1));
        var changed = Assert.Throws<SynthesisException>(() => SynthesisRunner.Run(Options(sources, output.Path)));
        Assert.Contains("changed", changed.Message);

        AssertSameFiles(before, Snapshot(output.Path));
    }

    [Fact]
    public void A_non_empty_folder_without_a_synthesis_record_is_refused()
    {
        using var sources = MakeSources();
        using var output = new TempDirectory();
        output.WriteText("Synth/notes.txt", "someone else's data");

        var error = Assert.Throws<SynthesisException>(() => SynthesisRunner.Run(Options(sources, output.Path)));

        Assert.Contains("synthesis.json", error.Message);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(Path.Combine(output.Path, "Synth")).Select(Path.GetFileName));
    }

    [Fact]
    public void Bad_photos_are_skipped_with_reasons_naming_the_file()
    {
        using var sources = MakeSources();
        using var output = new TempDirectory();
        File.Delete(Path.Combine(sources.Path, "masks", "img_01.png"));
        ImageFile.Save(Path.Combine(sources.Path, "masks", "img_02.png"), TestImages.RectangleMask(10, 10, 1, 1, 5, 5));
        ImageFile.Save(Path.Combine(sources.Path, "masks", "img_03.png"), TestImages.RectangleMask(24 + 3 % 2 * 4, 18, 0, 0, 0, 0));
        File.WriteAllText(Path.Combine(sources.Path, "photos", "img_04.png"), "not a png");

        var report = SynthesisRunner.Run(Options(sources, output.Path));

        Assert.Equal(PhotoCount, report.PhotosFound);
        Assert.Equal(4, report.Skipped.Count);
        Assert.Equal(["img_01.png", "img_02.png", "img_03.png", "img_04.png"], report.Skipped.Select(s => Path.GetFileName(s.PhotoPath)));
        Assert.Contains("no mask named 'img_01.png'", report.Skipped[0].Reason);
        Assert.Contains("is 10x10 but the photo is 24x18", report.Skipped[1].Reason);
        Assert.Contains("img_03.png' is empty", report.Skipped[2].Reason);
        Assert.Contains("photo is unreadable", report.Skipped[3].Reason);
        Assert.Equal(2 * 3, report.TrainComposites + report.TestComposites);

        var lists = File.ReadAllText(Path.Combine(output.Path, "Synth", "Synth_train.txt")) + File.ReadAllText(Path.Combine(output.Path, "Synth", "Synth_test.txt"));
        Assert.DoesNotContain("img_01", lists);
        using var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(output.Path, "Synth", "synthesis.json")));
        Assert.Equal(4, record.RootElement.GetProperty("skipped").GetArrayLength());
        Assert.Equal(2, record.RootElement.GetProperty("counts").GetProperty("photosUsed").GetInt32());
    }

    [Fact]
    public void No_usable_photo_or_a_single_one_for_colour_transfer_is_an_error()
    {
        using var sources = MakeSources(photos: 1);
        using var output = new TempDirectory();
        var single = Assert.Throws<SynthesisException>(() => SynthesisRunner.Run(Options(sources, output.Path, SynthesisRecipe.ColorTransfer)));
        Assert.Contains("only one photo is usable", single.Message);

        using var output2 = new TempDirectory();
        File.Delete(Path.Combine(sources.Path, "masks", "img_00.png"));
        var none = Assert.Throws<SynthesisException>(() => SynthesisRunner.Run(Options(sources, output2.Path, SynthesisRecipe.Ffhqh)));
        Assert.Contains("img_00.png: no mask", none.Message);
    }

    [Fact]
    public void A_run_refused_for_its_photos_writes_nothing_so_the_mended_run_is_not_taken_for_another()
    {
        using var sources = MakeSources(photos: 2);
        using var output = new TempDirectory();
        string masks = Path.Combine(sources.Path, "masks"), aside = Path.Combine(sources.Path, "aside");
        Directory.Move(masks, aside);
        Directory.CreateDirectory(masks);

        Assert.Throws<SynthesisException>(() => SynthesisRunner.Run(Options(sources, output.Path)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));

        // The user adds the masks and runs the same command again.
        Directory.Delete(masks);
        Directory.Move(aside, masks);
        var report = SynthesisRunner.Run(Options(sources, output.Path));
        Assert.False(report.Resumed);
        Assert.Equal(2, report.TrainPhotos + report.TestPhotos);
    }

    [Fact]
    public void The_record_holds_parameters_and_counts()
    {
        using var sources = MakeSources();
        using var output = new TempDirectory();
        SynthesisRunner.Run(Options(sources, output.Path));

        using var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(output.Path, "Synth", "synthesis.json")));
        var root = record.RootElement;
        var parameters = root.GetProperty("parameters");
        Assert.Equal("harmonia-synthesis", root.GetProperty("format").GetString());
        Assert.True(root.GetProperty("complete").GetBoolean());
        Assert.Equal("mixed", parameters.GetProperty("recipe").GetString());
        Assert.Equal(11UL, parameters.GetProperty("seed").GetUInt64());
        Assert.Equal(3, parameters.GetProperty("perPhoto").GetInt32());
        Assert.Equal(0.34, parameters.GetProperty("testFraction").GetDouble());
        Assert.Equal("png", parameters.GetProperty("outputFormat").GetString());
        Assert.Equal(Path.Combine(sources.Path, "photos"), parameters.GetProperty("photos").GetString());
        Assert.Equal(Path.Combine(sources.Path, "masks"), parameters.GetProperty("masks").GetString());
        var counts = root.GetProperty("counts");
        Assert.Equal(6, counts.GetProperty("photosFound").GetInt32());
        Assert.Equal(12, counts.GetProperty("trainComposites").GetInt32());
        Assert.Equal(6, counts.GetProperty("testComposites").GetInt32());
    }

    [Fact]
    public void Progress_counts_every_photo_in_both_phases()
    {
        using var sources = MakeSources();
        using var output = new TempDirectory();
        var reports = new List<SynthesisProgress>();
        SynthesisRunner.Run(Options(sources, output.Path), new SynchronousProgress(p => { lock (reports) reports.Add(p); }));

        Assert.Equal(PhotoCount, reports.Count(r => r.Phase == SynthesisPhase.CheckingPhotos));
        Assert.Equal(PhotoCount, reports.Where(r => r.Phase == SynthesisPhase.WritingComposites).Max(r => r.Done));
        Assert.All(reports, r => Assert.Equal(PhotoCount, r.Total));
    }

    [Fact]
    public void Jpeg_output_works_or_is_refused_up_front_when_the_codec_is_missing()
    {
        using var sources = MakeSources(photos: 2);
        using var output = new TempDirectory();
        var options = Options(sources, output.Path) with { OutputFormat = ImageFileFormat.Jpeg, TestFraction = 0.5 };
        bool jpegAvailable;
        try { ImageFile.Encode(new Image(8, 8, 3), ImageFileFormat.Jpeg); jpegAvailable = true; }
        catch (ImageFormatException) { jpegAvailable = false; }

        if (jpegAvailable)
        {
            SynthesisRunner.Run(options);
            Assert.Equal(6, Directory.EnumerateFiles(Path.Combine(output.Path, "Synth", "composite_images"), "*.jpg").Count());
            var test = IHarmony4Index.Load(output.Path, ["Synth"], DatasetSplit.Test);
            Assert.Equal(3, test.Count);
            Assert.All(test, sample => Assert.EndsWith(".jpg", sample.RealPath));
        }
        else
        {
            var error = Assert.Throws<SynthesisException>(() => SynthesisRunner.Run(options));
            Assert.Contains("JPEG output is not available", error.Message);
            Assert.False(Directory.Exists(Path.Combine(output.Path, "Synth")));
        }
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        using var sources = MakeSources(photos: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => SynthesisRunner.Run(Options(sources, "/tmp/x") with { PerPhoto = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SynthesisRunner.Run(Options(sources, "/tmp/x") with { TestFraction = 1.5 }));
        Assert.Throws<ArgumentException>(() => SynthesisRunner.Run(Options(sources, "/tmp/x") with { Subset = "a/b" }));
        var missing = Assert.Throws<SynthesisException>(() => SynthesisRunner.Run(Options(sources, "/tmp/x") with { PhotosDirectory = "/no/such/folder" }));
        Assert.Contains("/no/such/folder", missing.Message);
    }

    /// <summary>Calls back on the reporting thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<SynthesisProgress> report) : IProgress<SynthesisProgress>
    {
        public void Report(SynthesisProgress value) => report(value);
    }
}
