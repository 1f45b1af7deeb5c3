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

    /// <summary>Items that ended in failure so far (included in <see cref="Completed"/>).</summary>
    long Failed { get; }

    /// <summary>Records that <paramref name="count"/> more items are done.</summary>
    void Advance(long count = 1);

    /// <summary>Records that <paramref name="count"/> more items ended, in failure; the closing line then
    /// says how many failed instead of calling the operation done.</summary>
    void Fail(long count = 1);
}
