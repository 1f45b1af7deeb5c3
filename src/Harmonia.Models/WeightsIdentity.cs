using Harmonia.NN.Serialization;

namespace Harmonia.Models;

/// <summary>
/// What a weights file holds, told from its stored spec or its tensors, so that weights given for the
/// wrong model are refused with the model they do fit rather than a list of mismatched shapes.
/// </summary>
/// <param name="Spec">The architecture and config the weights are of.</param>
/// <param name="PresetName">The preset with exactly that spec, or null when none has it.</param>
public sealed record WeightsIdentity(ModelSpec Spec, string? PresetName)
{
    /// <summary>"hdnet-lite weights", or "hdnet-ngf4 weights of another size" when no preset matches.</summary>
    public string Description => PresetName is null ? $"{Spec.Architecture.NameOf(Spec.Config)} weights of another size" : $"{PresetName} weights";

    /// <summary>"holds hdnet-lite weights, which do not fit hdnet": the facts of the refusal, for each caller
    /// to follow with its own remedy (command-line flags or library calls).</summary>
    public string Refusal(string asked) => $"holds {Description}, which do not fit {asked}";

    /// <summary>The identity of weights whose spec is <paramref name="spec"/>: the preset with exactly that spec, if any.</summary>
    public static WeightsIdentity Of(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string json = spec.ToJson();
        return new WeightsIdentity(spec, ModelCatalog.Presets.FirstOrDefault(p => p.Spec?.ToJson() == json)?.Name);
    }

    /// <summary>
    /// What <paramref name="weights"/> are, when that can be told and is not <paramref name="expected"/>;
    /// null when they are of <paramref name="expected"/> (so a mismatch has another cause) or cannot be told.
    /// </summary>
    public static WeightsIdentity? OfOther(StateDict weights, ModelSpec expected)
    {
        ModelSpec? actual;
        try
        {
            actual = ModelCatalog.StoredSpec(weights) ?? ModelCatalog.RecognizeSpec(weights);
        }
        catch (InvalidDataException)
        {
            return null;
        }
        if (actual is null) return null;
        return actual.ToJson() == expected.ToJson() ? null : Of(actual);
    }
}
