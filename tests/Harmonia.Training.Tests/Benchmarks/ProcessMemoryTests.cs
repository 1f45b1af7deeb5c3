using Harmonia.Training.Benchmarks;

namespace Harmonia.Training.Tests.Benchmarks;

public class ProcessMemoryTests
{
    [Theory]
    [InlineData("VmHWM:\t    1924 kB", 1924L * 1024)]
    [InlineData("VmHWM:\t12345678 kB", 12345678L * 1024)]     // 8 digits: no padding after the tab
    [InlineData("VmHWM:\t123456789 kB", 123456789L * 1024)]
    public void ParsesStatusLinesWithAndWithoutPadding(string line, long bytes)
        => Assert.Equal(bytes, ProcessMemory.ParseStatusKilobytes(line));

    [Fact]
    public void RejectsALineWithoutANumber()
        => Assert.Throws<FormatException>(() => ProcessMemory.ParseStatusKilobytes("VmHWM:\tkB"));

    [Fact]
    public void ReadsThisProcesssPeak()
    {
        if (!OperatingSystem.IsLinux()) return;
        long? peak = ProcessMemory.PeakResidentBytes();
        Assert.NotNull(peak);
        Assert.True(peak > 1 << 20, $"peak {peak} bytes");
    }
}
