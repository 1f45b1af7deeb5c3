namespace Harmonia.Tensors;

/// <summary>Process-wide engine settings.</summary>
public static class EngineSettings
{
    private static int threads = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// How many threads kernels may use. Changing it never changes results: work is split
    /// into fixed chunks (see <see cref="Threading.ParallelRange"/>). The setting is process-wide;
    /// code that changes it for a while should use <see cref="UseThreads"/>, which gives it back.
    /// </summary>
    public static int Threads
    {
        get => threads;
        set => threads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "Threads must be at least 1.");
    }

    /// <summary>
    /// Sets <see cref="Threads"/> to <paramref name="count"/> until the returned scope is disposed,
    /// which restores the previous value (so a command run in-process, a benchmark or a test leaves
    /// the process as it found it).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    public static IDisposable UseThreads(int count)
    {
        var scope = new ThreadCountScope(threads);
        Threads = count;
        return scope;
    }

    private sealed class ThreadCountScope(int previous) : IDisposable
    {
        private bool disposed;

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            threads = previous;
        }
    }
}
