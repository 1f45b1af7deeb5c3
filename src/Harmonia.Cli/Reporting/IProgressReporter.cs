namespace Harmonia.Cli.Reporting;

/// <summary>
/// Shows how far a long operation is: count done, items per second, estimated time left.
/// Get one from <see cref="CliContext.StartProgress"/>; call <see cref="Advance"/> as items finish
/// (safe from several threads); dispose it when the operation ends or fails. Only one reporter
/// should be active at a time.
/// </summary>
public interface IProgressReporter : IDisposable
{
    /// <summary>Items done so far.</summary>
    long Completed { get; }

    /// <summary>Records that <paramref name="count"/> more items are done.</summary>
    void Advance(long count = 1);
}
