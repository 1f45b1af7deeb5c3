using Harmonia.Cli.Errors;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Cli.Tests;

/// <summary><c>harmonia train --photos --masks</c>: composites synthesized at every step.</summary>
public class TrainOnPhotosTests
{
    private const int Side = 32;

    /// <summary>Eight photos (the test composite with shifted colours) and their masks.</summary>
    private static (string Photos, string Masks) MakePhotos(TemporaryFolder folder)
    {
        string photos = Directory.CreateDirectory(folder.File("photos")).FullName;
        string masks = Directory.CreateDirectory(folder.File("masks")).FullName;
        for (int p = 0; p < 8; p++)
        {
            var photo = TestPictures.Composite(Side, Side);
            for (int i = 0; i < photo.Pixels.Length; i++) photo.Pixels[i] = (byte)((photo.Pixels[i] + 23 * p + i % 7) % 256);
            ImageFile.Save(Path.Combine(photos, $"p{p}.png"), photo);
            ImageFile.Save(Path.Combine(masks, $"p{p}.png"), TestPictures.Mask(Side, Side));
        }
        return (photos, masks);
    }

    private static string[] Train(string photos, string masks, string run, int steps, params string[] extra) =>
        ["train", "--model", "hdnet-lite", "--photos", photos, "--masks", masks, "--out", run, "--size", $"{Side}", "--batch", "2",
         "--steps", $"{steps}", "--recipe", "lighting:2,iharmony", "--identity-share", "0.25", "--test-fraction", "0.25", "--split-seed", "3", .. extra];

    [Fact]
    public void Trains_on_fresh_composites_of_the_training_photos_and_validates_on_the_held_out_ones()
    {
        using var folder = new TemporaryFolder();
        var (photos, masks) = MakePhotos(folder);
        string run = folder.File("run");

        var result = CliHarness.Run(Train(photos, masks, run, 3));

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Contains("synthesized at every step from 6 photos (2 held out; identity 25%, lighting 50%, iharmony 25%)", result.Error + result.Out);
        Assert.Contains("finished at step 3 of 3", result.Out);
        Assert.Contains("validation PSNR", result.Error + result.Out);
        Assert.True(File.Exists(Path.Combine(run, "last.safetensors")));
        // Resuming the finished run takes no step and needs the same photos again.
        var resumed = CliHarness.Run(Train(photos, masks, run, 3, "--resume"));
        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.Error);
        Assert.Contains("finished at step 3 of 3", resumed.Out);
    }

    [Fact]
    public void A_split_that_holds_out_no_usable_photo_says_that_the_run_has_no_validation()
    {
        using var folder = new TemporaryFolder();
        var (photos, masks) = MakePhotos(folder);
        string run = folder.File("run");
        var args = Train(photos, masks, run, 3);
        args[Array.IndexOf(args, "--test-fraction") + 1] = "0.05"; // round(0.4) = 0 of 8 photos

        var result = CliHarness.Run(args);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Contains($"warning: train: {photos}: no held-out photo is usable at --test-fraction 0.05, so the run has no validation", result.Error);
        Assert.DoesNotContain("validation PSNR", result.Error + result.Out);
    }

    [Fact]
    public void Resuming_with_another_mix_is_refused()
    {
        using var folder = new TemporaryFolder();
        var (photos, masks) = MakePhotos(folder);
        string run = folder.File("run");
        string weights = Path.GetFullPath(Path.Combine(TestData.RepositoryRoot, "models", "hdnet-lite.safetensors"));
        var first = CliHarness.Run(Train(photos, masks, run, 3, "--init", weights));
        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);

        var otherArgs = Train(photos, masks, run, 3, "--resume");
        otherArgs[Array.IndexOf(otherArgs, "--identity-share") + 1] = "0.5";
        var otherMix = CliHarness.Run(otherArgs);
        Assert.Equal(ExitCodes.RuntimeError, otherMix.ExitCode);
        Assert.Contains("resume with the run's --photos", otherMix.Error);

        var sameMix = CliHarness.Run(Train(photos, masks, run, 3, "--resume"));
        Assert.True(sameMix.ExitCode == ExitCodes.Success, sameMix.Error);
    }

    [Fact]
    public void The_affine_head_variant_trains_from_the_bundled_hdnet_lite_and_its_weights_run()
    {
        using var folder = new TemporaryFolder();
        var (photos, masks) = MakePhotos(folder);
        string run = folder.File("run");
        string weights = Path.GetFullPath(Path.Combine(TestData.RepositoryRoot, "models", "hdnet-lite.safetensors"));
        var args = Train(photos, masks, run, 3, "--init", weights);
        args[Array.IndexOf(args, "hdnet-lite")] = "hdnet-lite-affine";

        var trained = CliHarness.Run(args);
        Assert.True(trained.ExitCode == ExitCodes.Success, trained.Error);
        Assert.Contains("finished at step 3 of 3", trained.Out);

        ImageFile.Save(folder.File("c.png"), TestPictures.Composite(Side, Side));
        ImageFile.Save(folder.File("m.png"), TestPictures.Mask(Side, Side));
        var harmonized = CliHarness.Run("run", folder.File("c.png"), folder.File("m.png"), folder.File("o.png"), "--weights", Path.Combine(run, "last.safetensors"), "--size", "32");
        Assert.True(harmonized.ExitCode == ExitCodes.Success, harmonized.Error);
        Assert.True(File.Exists(folder.File("o.png")));
        // Its weights export to ONNX too (the graph's parity is checked in Harmonia.Onnx.Tests).
        var export = CliHarness.Run("export", "--weights", Path.Combine(run, "last.safetensors"), "--onnx", folder.File("x.onnx"), "--size", "32");
        Assert.True(export.ExitCode == ExitCodes.Success, export.Error);
        Assert.True(new FileInfo(folder.File("x.onnx")).Length > 100_000);
    }
}
