using Harmonia.Data;

namespace Harmonia.Training.Validation;

/// <summary>
/// Held-out batches the trainer scores between steps. Every pass enumerates the same batches
/// in the same order, so scores of different steps are comparable.
/// </summary>
public sealed class ValidationSet
{
    private readonly Func<IEnumerable<HarmonizationBatch>> batches;

    private ValidationSet(Func<IEnumerable<HarmonizationBatch>> batches) => this.batches = batches;

    /// <summary>Epoch 0 of <paramref name="source"/>, every pass (a loader's last partial batch is dropped).</summary>
    public static ValidationSet From(IBatchSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ValidationSet(() => source.Epoch(0));
    }

    /// <summary>A fixed list of batches held in memory.</summary>
    public static ValidationSet From(IReadOnlyList<HarmonizationBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (batches.Any(b => b is null)) throw new ArgumentException("A validation batch is null.", nameof(batches));
        var copy = batches.ToArray();
        return new ValidationSet(() => copy);
    }

    /// <summary>The batches of one pass.</summary>
    public IEnumerable<HarmonizationBatch> Batches() => batches();
}
