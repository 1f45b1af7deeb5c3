namespace Harmonia.Training.Benchmarks;

/// <summary>Peak resident memory of this process, from Linux's /proc (VmHWM).</summary>
public static class ProcessMemory
{
    /// <summary>The peak resident set size in bytes, or null where /proc/self/status is unavailable.</summary>
    public static long? PeakResidentBytes()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        return null;
    }
}
