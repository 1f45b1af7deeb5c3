namespace Harmonia.Cli.Reporting;

/// <summary>Counts but shows nothing; used with <c>--quiet</c>.</summary>
internal sealed class SilentProgressReporter : IProgressReporter
{
    private long completed;
    private long failed;

    public long Completed => Interlocked.Read(ref completed);

    public long Failed => Interlocked.Read(ref failed);

    public void Advance(long count = 1) => Interlocked.Add(ref completed, count);

    public void Fail(long count = 1)
    {
        Interlocked.Add(ref failed, count);
        Interlocked.Add(ref completed, count);
    }

    public void Dispose()
    {
    }
}
