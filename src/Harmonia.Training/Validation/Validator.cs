using Harmonia.Models;
using Harmonia.NN;

namespace Harmonia.Training.Validation;

/// <summary>
/// Scores a network on a <see cref="ValidationSet"/> exactly as <c>harmonia run</c> would
/// harmonize: through <see cref="NetworkHarmonizer"/> (evaluation mode, no gradients, output
/// blended into the composite's background and clamped to [0, 1]).
/// </summary>
public sealed class Validator
{
    private readonly ValidationSet set;
    private readonly Module network;
    private readonly NetworkHarmonizer harmonizer;

    /// <summary>Prepares to score <paramref name="network"/> (built from <paramref name="spec"/>) on <paramref name="set"/>.</summary>
    public Validator(ValidationSet set, ModelSpec spec, Module network)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(network);
        this.set = set;
        this.network = network;
        bool wasTraining = network.Training;
        harmonizer = new NetworkHarmonizer("validation", spec, network);
        // The harmonizer switches the network to evaluation mode; give it back as it was.
        if (wasTraining) network.Train();
    }

    /// <summary>
    /// One pass over the set. The network is in evaluation mode meanwhile (BatchNorm uses and
    /// does not update its running statistics) and returns to training mode afterwards.
    /// </summary>
    /// <exception cref="InvalidOperationException">The set yields no image.</exception>
    public HarmonizationScores Run()
    {
        var scores = new HarmonizationScores();
        network.Eval();
        try
        {
            foreach (var batch in set.Batches())
            {
                var harmonized = harmonizer.Harmonize(batch.Composite, batch.Mask);
                scores.Add(harmonized, batch.Real, batch.Mask);
            }
        }
        finally
        {
            network.Train();
        }
        if (scores.Images == 0) throw new InvalidOperationException("The validation set yielded no image.");
        return scores;
    }
}
