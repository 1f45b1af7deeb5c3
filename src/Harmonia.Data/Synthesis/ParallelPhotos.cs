using System.Runtime.ExceptionServices;

namespace Harmonia.Data.Synthesis;

/// <summary>
/// Runs one body per photo in parallel. Each photo's work is independent and self-seeded, so the
/// schedule never changes the output. A failure surfaces as the original exception (the first
/// one reported, or the cancellation) rather than wrapped in an <see cref="AggregateException"/>.
/// </summary>
internal static class ParallelPhotos
{
    public static void For(int count, ParallelOptions options, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, options, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            var first = e.InnerExceptions.OfType<OperationCanceledException>().FirstOrDefault() as Exception ?? e.InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
    }
}
