using System.Diagnostics;

namespace Harmonia.Cli.Tests;

/// <summary>
/// Runs the real <c>./harmonia</c> launcher script. The first call may compile the CLI (a minute or
/// two on a cold machine), so this is tagged EndToEnd; skip it with <c>--filter Category!=EndToEnd</c>.
/// </summary>
public class LauncherScriptTests
{
    private static readonly TimeSpan BuildAllowance = TimeSpan.FromMinutes(5);

    [Fact]
    [Trait("Category", "EndToEnd")]
    public void Script_runs_from_any_folder_and_rebuilds_only_when_sources_change()
    {
        var repository = FindRepositoryRoot();
        var fingerprint = Path.Combine(repository, ".build", "cli", "inputs.sha256");
        using var elsewhere = new TemporaryFolder();

        var first = RunScript(repository, elsewhere.Path, "--help");
        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}; stderr:\n{first.Error}");
        Assert.Contains("Usage:", first.Out);
        Assert.Contains("harmonia [command] [options]", first.Out);
        Assert.Contains("convert", first.Out);
        var builtAt = File.GetLastWriteTimeUtc(fingerprint);

        var second = RunScript(repository, elsewhere.Path, "--help");
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(first.Out, second.Out);
        Assert.DoesNotContain("building", second.Error);
        Assert.Equal(builtAt, File.GetLastWriteTimeUtc(fingerprint));
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public void Build_folders_made_by_other_builds_do_not_trigger_a_rebuild()
    {
        var repository = FindRepositoryRoot();
        var fingerprint = Path.Combine(repository, ".build", "cli", "inputs.sha256");
        Assert.Equal(0, RunScript(repository, repository, "--help").ExitCode);
        var builtAt = File.GetLastWriteTimeUtc(fingerprint);

        // What building a test project does to src/: new obj/ and bin/ content, and a newer project folder.
        var scratch = Path.Combine(repository, "src", "Harmonia.Cli", "obj", "launcher-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            File.WriteAllText(Path.Combine(scratch, "output.txt"), "built by something else");
            Directory.SetLastWriteTimeUtc(Path.Combine(repository, "src", "Harmonia.Cli"), DateTime.UtcNow);

            var after = RunScript(repository, repository, "--help");

            Assert.Equal(0, after.ExitCode);
            Assert.Equal("", after.Error);
            Assert.Equal(builtAt, File.GetLastWriteTimeUtc(fingerprint));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public void A_build_prints_one_line_and_none_of_the_build_tools_output()
    {
        var repository = FindRepositoryRoot();
        var fingerprint = Path.Combine(repository, ".build", "cli", "inputs.sha256");
        Assert.Equal(0, RunScript(repository, repository, "--help").ExitCode);
        // A forgotten fingerprint asks for a build; the build itself is incremental, so it is quick.
        File.Delete(fingerprint);

        var rebuilt = RunScript(repository, repository, "--help");

        Assert.Equal(0, rebuilt.ExitCode);
        Assert.Equal(["harmonia: building the command line (once, and again only after the sources change) ..."], rebuilt.ErrorLines);
        Assert.True(File.Exists(fingerprint));
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public void Script_passes_exit_codes_and_stderr_through()
    {
        var repository = FindRepositoryRoot();

        var result = RunScript(repository, repository, "run", "--bogus");

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains("error: run: ", result.Error);
    }

    private static CliResult RunScript(string repository, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(repository, "harmonia"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(BuildAllowance))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"./harmonia {string.Join(' ', args)} did not finish within {BuildAllowance}.");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "harmonia")) && File.Exists(Path.Combine(folder.FullName, "Harmonia.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"No repository root (with ./harmonia and Harmonia.sln) above {AppContext.BaseDirectory}.");
    }
}
