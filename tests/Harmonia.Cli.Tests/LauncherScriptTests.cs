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
        var stamp = Path.Combine(repository, ".build", "cli", "built.stamp");
        using var elsewhere = new TemporaryFolder();

        var first = RunScript(repository, elsewhere.Path, "--help");
        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}; stderr:\n{first.Error}");
        Assert.Contains("Usage:", first.Out);
        Assert.Contains("harmonia [command] [options]", first.Out);
        Assert.Contains("convert", first.Out);
        var stampAfterFirst = File.GetLastWriteTimeUtc(stamp);

        var second = RunScript(repository, elsewhere.Path, "--help");
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(first.Out, second.Out);
        Assert.DoesNotContain("building", second.Error);
        Assert.Equal(stampAfterFirst, File.GetLastWriteTimeUtc(stamp));
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
