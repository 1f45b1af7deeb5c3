namespace Harmonia.Cli.Inference;

/// <summary>How a network's result becomes the picture (<c>--output</c>).</summary>
public enum OutputMode
{
    /// <summary>
    /// The network's output reduced to one affine colour map of the object, applied to the composite
    /// (<see cref="Harmonia.Models.ColorMapHarmonizer"/>): no texture or local repaint can come through.
    /// Harmonia's default.
    /// </summary>
    ColorMap,
    /// <summary>The network's own per-pixel output, as the authors' code produces it.</summary>
    Dense,
}

/// <summary>The command-line spelling of <see cref="OutputMode"/>: "color-map" and "dense".</summary>
public static class OutputModeNames
{
    /// <summary>Every accepted name.</summary>
    public static readonly string[] All = ["color-map", "dense"];

    /// <summary>Parses a name accepted by <c>--output</c>.</summary>
    public static OutputMode Parse(string name) => name switch
    {
        "color-map" => OutputMode.ColorMap,
        "dense" => OutputMode.Dense,
        _ => throw new ArgumentException($"unknown output mode '{name}'; use color-map or dense"),
    };
}
