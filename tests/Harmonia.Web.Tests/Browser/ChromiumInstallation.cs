using System.Diagnostics;

namespace Harmonia.Web.Tests.Browser;

/// <summary>
/// Makes sure Debian's chromium is installed, installing it with apt-get on a fresh machine.
/// Playwright's own browser download is not used (downloads outside package registries are
/// blocked). When chromium cannot be installed the browser tests fail with the reason; they
/// never pass without having run.
/// </summary>
internal static class ChromiumInstallation
{
    /// <summary>Where Debian's chromium package puts the browser.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>What CI must run (as root) to provide the browser.</summary>
    public const string AptPackages = "chromium fonts-dejavu-core";

    private static readonly Lazy<string> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Returns the chromium executable path, installing the package first if needed.</summary>
    /// <exception cref="InvalidOperationException">Chromium is missing and cannot be installed here.</exception>
    public static string EnsureInstalled() => Installed.Value;

    private static string Install()
    {
        if (File.Exists(ExecutablePath)) return ExecutablePath;
        string howToFix = $"install it with: apt-get update && apt-get install -y --no-install-recommends {AptPackages}";
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
            throw new InvalidOperationException($"{ExecutablePath} is missing and this is not a Debian-like system with apt-get; {howToFix}");
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException($"{ExecutablePath} is missing and the tests are not running as root, so they cannot install it; {howToFix}");

        var log = new System.Text.StringBuilder();
        // Installing from the existing package lists first avoids a slow update when they are fresh.
        if (!RunAptGet($"install -y --no-install-recommends {AptPackages}", log))
        {
            RunAptGet("update", log);
            RunAptGet($"install -y --no-install-recommends {AptPackages}", log);
        }
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is still missing after apt-get (no network or no package?); {howToFix}\n{Tail(log.ToString())}");
        return ExecutablePath;
    }

    private static bool RunAptGet(string arguments, System.Text.StringBuilder log)
    {
        var start = new ProcessStartInfo("apt-get", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("apt-get could not be started");
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            lock (log) log.AppendLine($"apt-get {arguments}: timed out after 10 minutes");
            return false;
        }
        process.WaitForExit(); // flushes the redirected output
        lock (log) log.AppendLine($"apt-get {arguments}: exit code {process.ExitCode}");
        return process.ExitCode == 0;
    }

    private static string Tail(string text) => text.Length <= 3000 ? text : "…" + text[^3000..];
}
