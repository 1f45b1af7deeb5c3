using Harmonia.Models;

namespace Harmonia.Web;

/// <summary>
/// Where the server gets its models. The real one is <see cref="CatalogModelSource"/>; tests
/// inject their own to control what a harmonization does.
/// </summary>
public interface IModelSource
{
    /// <summary>Every model the server knows, available or not, in display order.</summary>
    IReadOnlyList<ModelInfo> Models { get; }

    /// <summary>The name used when a request names no model; always an available one.</summary>
    string DefaultModel { get; }

    /// <summary>
    /// The ready harmonizer called <paramref name="name"/>. Only called for names listed as
    /// available; must be safe to call from many threads and return the same instance each time.
    /// </summary>
    IHarmonizer Get(string name);
}
