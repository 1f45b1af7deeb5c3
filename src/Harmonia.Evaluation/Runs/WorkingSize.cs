using System.Globalization;

namespace Harmonia.Evaluation.Runs;

/// <summary>
/// The size images are evaluated at: a square side (the papers' protocol resizes everything to
/// 256 × 256) or the images' native size.
/// </summary>
public readonly record struct WorkingSize
{
    private WorkingSize(int side) => Side = side;

    /// <summary>The square side in pixels, or 0 for <see cref="Native"/>.</summary>
    public int Side { get; }

    /// <summary>True when images keep their own size.</summary>
    public bool IsNative => Side == 0;

    /// <summary>Images keep their own size, which must then be a multiple of the model's size multiple.</summary>
    public static WorkingSize Native => default;

    /// <summary>The standard protocol's 256 × 256.</summary>
    public static WorkingSize Standard { get; } = Square(256);

    /// <summary>Every image resized to <paramref name="side"/> × <paramref name="side"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/> is not positive.</exception>
    public static WorkingSize Square(int side) => side > 0
        ? new WorkingSize(side)
        : throw new ArgumentOutOfRangeException(nameof(side), $"The evaluation size must be positive, got {side}.");

    /// <summary>Parses the CLI's --size value: a positive integer or "native" (case-insensitive).</summary>
    /// <exception cref="FormatException">The text is neither.</exception>
    public static WorkingSize Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.Equals("native", StringComparison.OrdinalIgnoreCase)) return Native;
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out int side) && side > 0)
            return new WorkingSize(side);
        throw new FormatException($"Invalid evaluation size '{text}': expected a positive number of pixels (e.g. 256) or 'native'.");
    }

    /// <summary>"native" or the side, as <see cref="Parse"/> reads it back.</summary>
    public override string ToString() => IsNative ? "native" : Side.ToString(CultureInfo.InvariantCulture);
}
