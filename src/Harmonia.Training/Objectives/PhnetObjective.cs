using Harmonia.Data;
using Harmonia.Models;
using Harmonia.Tensors;
using Harmonia.Training.Losses;

namespace Harmonia.Training.Objectives;

/// <summary>
/// PHNet's objective as its authors train it: the network reads the [0, 1] composite and mask,
/// and <see cref="PhnetLoss"/> compares its raw (unblended) [0, 1] output with the real image.
/// </summary>
public sealed class PhnetObjective : ITrainingObjective
{
    private readonly PhnetLoss loss = new();

    /// <inheritdoc/>
    public Tensor Loss(IHarmonizationNetwork network, HarmonizationBatch batch)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(batch);
        var prediction = network.Forward(batch.Composite, batch.Mask);
        return loss.Compute(prediction, batch.Real, batch.Mask);
    }
}
