namespace Harmonia.Models;

/// <summary>The pixel range a network reads and writes.</summary>
public enum NetworkValueRange
{
    /// <summary>[0, 1], the range images are held in (PHNet).</summary>
    ZeroToOne,
    /// <summary>[−1, 1] (HDNet, after pix2pix).</summary>
    MinusOneToOne,
}
