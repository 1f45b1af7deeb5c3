namespace Harmonia.Models;

/// <summary>A named model: a network preset (with optional bundled weights) or a baseline.</summary>
public sealed record ModelPreset
{
    private readonly Func<IHarmonizer>? createBaseline;

    /// <summary>A network preset.</summary>
    /// <param name="name">What users type after --model.</param>
    /// <param name="description">One line for `harmonia models`.</param>
    /// <param name="spec">The network.</param>
    /// <param name="bundledWeights">File name under the bundled models folder, or null when none ships.</param>
    public ModelPreset(string name, string description, ModelSpec spec, string? bundledWeights = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Name = name;
        Description = description;
        Spec = spec;
        BundledWeights = bundledWeights;
    }

    private ModelPreset(string name, string description, Func<IHarmonizer> createBaseline)
    {
        Name = name;
        Description = description;
        this.createBaseline = createBaseline;
    }

    /// <summary>A baseline, made by <paramref name="create"/>; it has no spec and takes no weights.</summary>
    public static ModelPreset Baseline(string name, string description, Func<IHarmonizer> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return new(name, description, create);
    }

    /// <summary>What users type after --model.</summary>
    public string Name { get; }

    /// <summary>One line for `harmonia models`.</summary>
    public string Description { get; }

    /// <summary>The network, or null for a baseline.</summary>
    public ModelSpec? Spec { get; }

    /// <summary>File name under the bundled models folder, or null when none ships (always null for a baseline).</summary>
    public string? BundledWeights { get; }

    /// <summary>A new instance of the baseline.</summary>
    /// <exception cref="InvalidOperationException">The preset is a network.</exception>
    public IHarmonizer CreateBaseline()
        => createBaseline?.Invoke() ?? throw new InvalidOperationException($"{Name} is a network, not a baseline");
}
