namespace Harmonia.Data;

/// <summary>
/// Batches for training: the order of epoch e depends only on the source's seed and e, so a
/// resumed run that asks for the same epoch and skips the batches it already saw gets exactly the
/// batches an uninterrupted run would have.
/// </summary>
public interface IBatchSource
{
    /// <summary>Full batches per epoch (a last partial batch is dropped, as PyTorch's drop_last).</summary>
    int BatchesPerEpoch { get; }

    /// <summary>The batches of epoch <paramref name="epoch"/> (0-based), starting after the first <paramref name="skipBatches"/>.</summary>
    IEnumerable<HarmonizationBatch> Epoch(int epoch, int skipBatches = 0);
}
