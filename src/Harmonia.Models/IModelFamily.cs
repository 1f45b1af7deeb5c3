namespace Harmonia.Models;

/// <summary>A group of models that live in one folder and are listed together: a network architecture with its presets, or the classical baselines.</summary>
public interface IModelFamily
{
    /// <summary>The family's named models, in the order <c>harmonia models</c> lists them.</summary>
    IReadOnlyList<ModelPreset> Presets { get; }
}
