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
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) return ParseStatusKilobytes(line);
        }
        return null;
    }

    /// <summary>
    /// The byte count of a /proc status line such as <c>"VmHWM:\t    1924 kB"</c>. The kernel pads
    /// the number with spaces after the tab only up to eight digits, so a peak of 10 GB or more
    /// follows the tab directly.
    /// </summary>
    internal static long ParseStatusKilobytes(string line)
    {
        var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long kilobytes))
            throw new FormatException($"/proc/self/status: unexpected line '{line}'.");
        return kilobytes * 1024;
    }
}
