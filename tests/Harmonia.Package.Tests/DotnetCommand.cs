using System.Diagnostics;

namespace Harmonia.Package.Tests;

/// <summary>The outcome of a finished process.</summary>
internal sealed record ProcessResult(int ExitCode, string Out, string Error)
{
    public string Describe(string what) => $"{what} exited with {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs the .NET SDK's <c>dotnet</c> and other programs as child processes, with a time limit.</summary>
internal static class DotnetCommand
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    // Set by `dotnet test` for its own build; a child SDK command must find its own MSBuild instead.
    private static readonly string[] InheritedMSBuildVariables =
        ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILDNOINPROCNODE"];

    /// <summary>The <c>dotnet</c> executable running this test (the SDK that `dotnet test` used), else the one on PATH.</summary>
    public static string DotnetPath { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs <c>dotnet ARGS</c> in <paramref name="workingDirectory"/> with <paramref name="environment"/> added.</summary>
    public static ProcessResult Dotnet(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
        => Run(DotnetPath, workingDirectory, environment, args);

    /// <summary>Runs <paramref name="program"/> and waits for it; a program that outlives the limit is killed and fails the test.</summary>
    public static ProcessResult Run(string program, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in InheritedMSBuildVariables) start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (DotnetPath != "dotnet") start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(DotnetPath)!;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {Limit}");
        }
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Like <see cref="Dotnet"/>, but a non-zero exit code is an error showing the output.</summary>
    public static ProcessResult DotnetOk(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var result = Dotnet(workingDirectory, environment, args);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Describe("dotnet " + string.Join(' ', args)));
        return result;
    }
}
