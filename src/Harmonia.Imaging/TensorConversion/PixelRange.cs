namespace Harmonia.Imaging.TensorConversion;

/// <summary>The float range 8-bit pixel values are mapped to for a model.</summary>
public enum PixelRange
{
    /// <summary>0 → 0.0, 255 → 1.0 (torchvision's <c>to_tensor</c>).</summary>
    ZeroToOne,
    /// <summary>0 → -1.0, 255 → 1.0 (<c>to_tensor</c> followed by <c>Normalize(0.5, 0.5)</c>).</summary>
    MinusOneToOne,
}
