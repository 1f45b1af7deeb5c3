using Harmonia.Data;
using Harmonia.Models;
using Harmonia.Tensors;

namespace Harmonia.Training.Objectives;

/// <summary>
/// What one training step minimises: runs the network on a batch (given in [0, 1]) in the
/// network's own value range and returns the scalar loss to back-propagate.
/// </summary>
public interface ITrainingObjective
{
    /// <summary>The loss of <paramref name="network"/> on <paramref name="batch"/>, a differentiable scalar.</summary>
    Tensor Loss(IHarmonizationNetwork network, HarmonizationBatch batch);
}
