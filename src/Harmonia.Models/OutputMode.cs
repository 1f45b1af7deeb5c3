namespace Harmonia.Models;

/// <summary>How a network's result becomes the picture (the command line's <c>--output</c>).</summary>
public enum OutputMode
{
    /// <summary>
    /// The network's output reduced to one affine colour map of the object, applied to the composite
    /// (<see cref="ColorMapHarmonizer"/>): no texture or local repaint can come through.
    /// Harmonia's default.
    /// </summary>
    ColorMap,
    /// <summary>The network's own per-pixel output, as the authors' code produces it.</summary>
    Dense,
}

/// <summary>The spelling of <see cref="OutputMode"/> on the command line and in the web API: "color-map" and "dense".</summary>
public static class OutputModeNames
{
    /// <summary>Harmonia's default, <see cref="OutputMode.ColorMap"/>.</summary>
    public const OutputMode Default = OutputMode.ColorMap;

    /// <summary>Every accepted name.</summary>
    public static readonly string[] All = ["color-map", "dense"];

    /// <summary>Parses a name accepted by <c>--output</c>.</summary>
    /// <exception cref="ArgumentException">Not one of <see cref="All"/>.</exception>
    public static OutputMode Parse(string name) => name switch
    {
        "color-map" => OutputMode.ColorMap,
        "dense" => OutputMode.Dense,
        _ => throw new ArgumentException($"unknown output mode '{name}'; use color-map or dense"),
    };
}

/// <summary>Applies an <see cref="OutputMode"/> to a loaded harmonizer.</summary>
public static class HarmonizerOutput
{
    /// <summary>
    /// <paramref name="harmonizer"/> as <paramref name="mode"/> asks: a network wrapped in a
    /// <see cref="ColorMapHarmonizer"/> for <see cref="OutputMode.ColorMap"/>, with
    /// <paramref name="minimumChange"/> as its <see cref="ColorMapHarmonizer.MinimumChange"/> and
    /// <paramref name="colorGuard"/> (null for the default) as its <see cref="ColorMapHarmonizer.ColorGuard"/>;
    /// baselines and dense networks are returned as they are.
    /// </summary>
    public static IHarmonizer Apply(IHarmonizer harmonizer, OutputMode mode, double minimumChange = ColorMapHarmonizer.DefaultMinimumChange, ColorGuard? colorGuard = null)
    {
        ArgumentNullException.ThrowIfNull(harmonizer);
        return mode == OutputMode.ColorMap && harmonizer is NetworkHarmonizer ? new ColorMapHarmonizer(harmonizer, minimumChange, colorGuard) : harmonizer;
    }

    /// <summary>
    /// How <paramref name="harmonizer"/>'s result reaches the picture, in words for reports: the colour map
    /// with its minimum change and colour guard, the network's own pixels, or a baseline's.
    /// </summary>
    public static string Describe(IHarmonizer harmonizer) => harmonizer switch
    {
        ColorMapHarmonizer colorMap => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"colour map, minimum change {colorMap.MinimumChange} levels, colour guard {colorMap.ColorGuard}"),
        NetworkHarmonizer => "dense (the network's own pixels)",
        _ => "the baseline's own",
    };

    /// <summary>True for a network, wrapped or not (baselines have no trained resolution and are cheap).</summary>
    public static bool IsNetwork(IHarmonizer harmonizer) =>
        harmonizer is NetworkHarmonizer or ColorMapHarmonizer { Inner: NetworkHarmonizer };
}
