using Harmonia.Models;

namespace Harmonia.Web;

/// <summary>
/// The models of <see cref="ModelCatalog"/>, each loaded once when the source is built. A model
/// whose weights are missing or fail to load is listed as unavailable with the loader's message,
/// so <c>/api/models</c> only offers what will really run.
/// </summary>
/// <remarks>
/// Loading up front (rather than on first request) is what makes the availability list honest,
/// and leaves the source immutable afterwards, hence safe to share between requests.
/// </remarks>
public sealed class CatalogModelSource : IModelSource
{
    private readonly Dictionary<string, IHarmonizer> loaded = new(StringComparer.Ordinal);

    /// <summary>Loads every preset that can load from <paramref name="bundledModelsDirectory"/> or <paramref name="weightsByModel"/>.</summary>
    /// <param name="bundledModelsDirectory">The folder of the presets' bundled weights.</param>
    /// <param name="weightsByModel">Weights files by preset name, used instead of the bundled ones.</param>
    /// <param name="preferredDefault">The model to use when a request names none, if it loads; null picks the first network that loads.</param>
    /// <exception cref="ArgumentException"><paramref name="weightsByModel"/> or <paramref name="preferredDefault"/> names a model the catalog does not know.</exception>
    public CatalogModelSource(string bundledModelsDirectory, IReadOnlyDictionary<string, string>? weightsByModel = null, string? preferredDefault = null)
    {
        if (preferredDefault is not null) ModelCatalog.Find(preferredDefault);
        weightsByModel ??= new Dictionary<string, string>();
        foreach (var name in weightsByModel.Keys) ModelCatalog.Find(name);

        var models = new List<ModelInfo>();
        foreach (var preset in ModelCatalog.Presets)
        {
            string? reason = null;
            try
            {
                weightsByModel.TryGetValue(preset.Name, out var weights);
                loaded[preset.Name] = HarmonizerOutput.Apply(
                    ModelCatalog.Load(preset.Name, configJson: null, weights, bundledModelsDirectory), OutputModeNames.Default);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Any loader failure (missing file, bad checkpoint, shape mismatch) only makes this one model unavailable.
                reason = e.Message;
            }
            double? minimumChange = loaded.GetValueOrDefault(preset.Name) is ColorMapHarmonizer colorMap ? colorMap.MinimumChange : null;
            models.Add(new ModelInfo(preset.Name, preset.Description, reason is null, reason, IsDefault: false, minimumChange));
        }

        // The model asked for, if it loaded; else the first network that loaded beats any baseline; the Reinhard baseline always loads.
        DefaultModel = preferredDefault is not null && loaded.ContainsKey(preferredDefault)
            ? preferredDefault
            : ModelCatalog.Presets.FirstOrDefault(p => p.Spec is not null && loaded.ContainsKey(p.Name))?.Name ?? "reinhard";
        Models = models.Select(m => m with { IsDefault = m.Name == DefaultModel }).ToList();
    }

    /// <inheritdoc/>
    public IReadOnlyList<ModelInfo> Models { get; }

    /// <inheritdoc/>
    public string DefaultModel { get; }

    /// <inheritdoc/>
    public IHarmonizer Get(string name)
        => loaded.TryGetValue(name, out var harmonizer)
            ? harmonizer
            : throw new ArgumentException($"model '{name}' is not available");
}
