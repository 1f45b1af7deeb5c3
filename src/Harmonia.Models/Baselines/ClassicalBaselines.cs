namespace Harmonia.Models.Baselines;

/// <summary>The classical baselines: no network, no weights, any image size.</summary>
public sealed class ClassicalBaselines : IModelFamily
{
    /// <summary>The one instance, as listed in <see cref="ModelCatalog"/>.</summary>
    public static ClassicalBaselines Instance { get; } = new();

    private ClassicalBaselines() { }

    /// <inheritdoc/>
    public IReadOnlyList<ModelPreset> Presets { get; } =
    [
        ModelPreset.Baseline("composite", "baseline: returns the composite unchanged", () => new CompositeBaseline()),
        ModelPreset.Baseline("reinhard", "baseline: Reinhard colour transfer of the foreground's Lab statistics to the background's", () => new ReinhardBaseline()),
    ];
}
