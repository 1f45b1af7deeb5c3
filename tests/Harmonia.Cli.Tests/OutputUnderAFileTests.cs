namespace Harmonia.Cli.Tests;

/// <summary>
/// An output whose folder would have to be created where a file stands (<c>--out notes.txt/x.png</c>) is
/// refused before any work, with one line that names the file in the way; each command used to fail only
/// at the end (the sheet after harmonizing every composite) with "the file '…' already exists".
/// </summary>
public class OutputUnderAFileTests
{
    // Stands for the blocking file's path, which exists only once the test runs.
    private const string Blocker = "{BLOCKER}";

    public static TheoryData<string[]> Commands()
    {
        const string blocker = Blocker;
        string composite = TestData.SoftMask("composite.png");
        string mask = TestData.SoftMask("mask-binary.png");
        string softMaskFolder = Path.GetDirectoryName(composite)!;
        string weights = TestData.Fixture("hdnet-ngf4", "weights.safetensors");
        return new TheoryData<string[]>
        {
            new[] { "run", composite, mask, Path.Combine(blocker, "out.png") },
            new[] { "run", "--composite", composite, "--mask", mask, "--out", Path.Combine(blocker, "deeper", "out.jpg") },
            new[] { "run", "--input", softMaskFolder, "--out", Path.Combine(blocker, "results") },
            new[] { "demo", "--out", Path.Combine(blocker, "demo.png") },
            new[] { "sheet", "--composites", softMaskFolder, "--masks", softMaskFolder, "--column", "composite", "--out", Path.Combine(blocker, "sheet.jpg") },
            new[] { "convert", weights, Path.Combine(blocker, "converted.safetensors") },
            new[] { "export", "--weights", weights, "--onnx", Path.Combine(blocker, "model.onnx") },
            new[] { "synth", "--photos", softMaskFolder, "--masks", softMaskFolder, "--recipe", "lighting", "--out", Path.Combine(blocker, "data"), "--subset", "S" },
            new[] { "train", "--model", "hdnet-lite", "--photos", softMaskFolder, "--masks", softMaskFolder, "--out", Path.Combine(blocker, "run"), "--steps", "3" },
            new[] { "eval", "--model", "composite", "--data", softMaskFolder, "--subsets", "S", "--out", Path.Combine(blocker, "eval") },
        };
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Command_names_the_file_in_the_way_before_doing_any_work(string[] args)
    {
        using var folder = new TemporaryFolder();
        string blocker = folder.File("notes.txt");
        File.WriteAllText(blocker, "keep me");

        var result = CliHarness.Run(args.Select(arg => arg.Replace(Blocker, blocker)).ToArray());

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.EndsWith($": '{blocker}' is a file, so the folder this output goes into cannot be created", line);
        Assert.DoesNotContain("done", result.Out + result.Error); // nothing was harmonized first
        Assert.Equal("keep me", File.ReadAllText(blocker));
        Assert.Equal([blocker], Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void An_output_in_a_folder_that_takes_no_new_files_names_the_output_not_the_temporary_file()
    {
        // /proc refuses new files even for root, so this holds whoever runs the tests.
        if (!Directory.Exists("/proc/self")) return;
        string output = "/proc/harmonia-out.png";

        var result = CliHarness.Run("demo", "--out", output);

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Equal([$"error: demo: {output}: cannot be written in '/proc': the folder does not accept new files"], result.ErrorLines);
    }
}
