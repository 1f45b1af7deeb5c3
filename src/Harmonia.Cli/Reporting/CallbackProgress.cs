namespace Harmonia.Cli.Reporting;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler at once, on the reporting thread, under a
/// lock. (The framework's <c>Progress&lt;T&gt;</c> posts reports asynchronously, which would let a
/// progress bar advance after the work it measures has finished.)
/// </summary>
public sealed class CallbackProgress<T>(Action<T> handler) : IProgress<T>
{
    private readonly Lock gate = new();

    /// <inheritdoc/>
    public void Report(T value)
    {
        lock (gate) handler(value);
    }
}
