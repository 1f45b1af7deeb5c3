namespace Harmonia.Cli.Reporting;

/// <summary>Counts but shows nothing; used with <c>--quiet</c>.</summary>
internal sealed class SilentProgressReporter : IProgressReporter
{
    private long completed;

    public long Completed => Interlocked.Read(ref completed);

    public void Advance(long count = 1) => Interlocked.Add(ref completed, count);

    public void Dispose()
    {
    }
}
