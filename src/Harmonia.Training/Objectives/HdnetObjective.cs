using Harmonia.Data;
using Harmonia.Models;
using Harmonia.Tensors;
using Harmonia.Training.Losses;

namespace Harmonia.Training.Objectives;

/// <summary>
/// HDNet's objective as its authors train it: the composite and the real image are mapped to
/// [−1, 1] (x·2 − 1, their Normalize(0.5, 0.5)), the network's output is blended into the
/// composite's background, <c>M·prediction + (1 − M)·composite</c>, and the loss is the
/// foreground-normalized MSE (<see cref="MaskWeightedMse"/>, min area 100, weight 1) of that
/// blend against the real image, all in [−1, 1]. The mask stays in {0, 1}.
/// </summary>
/// <remarks>
/// Blending first makes the loss purely about the foreground when the composite's background
/// equals the real one (iHarmony4), and the [−1, 1] range doubles every error relative to
/// [0, 1], which is what the published learning rate was tuned for.
/// </remarks>
public sealed class HdnetObjective : ITrainingObjective
{
    private readonly MaskWeightedMse loss = new(minArea: 100f);

    /// <inheritdoc/>
    public Tensor Loss(IHarmonizationNetwork network, HarmonizationBatch batch)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(batch);
        var composite = batch.Composite * 2f - 1f;
        var real = batch.Real * 2f - 1f;
        var mask = batch.Mask;
        var prediction = network.Forward(composite, mask);
        var blended = prediction * mask + composite * (1f - mask);
        return loss.Compute(blended, real, mask);
    }
}
