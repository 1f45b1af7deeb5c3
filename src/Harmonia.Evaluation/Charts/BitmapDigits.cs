namespace Harmonia.Evaluation.Charts;

/// <summary>
/// A 5×7 bitmap font for the characters chart labels need: digits, '.', '-', '%', and the unit
/// letters k, M, h, m, s, x. Each glyph is seven rows of five bits, the leftmost pixel in bit 4.
/// Characters outside the set draw as a blank of the same width.
/// </summary>
public static class BitmapDigits
{
    /// <summary>Glyph height in font pixels.</summary>
    public const int GlyphHeight = 7;
    private const int GlyphWidth = 5, Spacing = 1;

    private static readonly Dictionary<char, byte[]> Glyphs = new()
    {
        ['0'] = [0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110],
        ['1'] = [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110],
        ['2'] = [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111],
        ['3'] = [0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110],
        ['4'] = [0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010],
        ['5'] = [0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110],
        ['6'] = [0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110],
        ['7'] = [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000],
        ['8'] = [0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110],
        ['9'] = [0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100],
        ['.'] = [0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b01100, 0b01100],
        ['-'] = [0b00000, 0b00000, 0b00000, 0b11111, 0b00000, 0b00000, 0b00000],
        ['%'] = [0b11000, 0b11001, 0b00010, 0b00100, 0b01000, 0b10011, 0b00011],
        ['k'] = [0b10000, 0b10000, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010],
        ['M'] = [0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001],
        ['h'] = [0b10000, 0b10000, 0b10110, 0b11001, 0b10001, 0b10001, 0b10001],
        ['m'] = [0b00000, 0b00000, 0b11010, 0b10101, 0b10101, 0b10001, 0b10001],
        ['s'] = [0b00000, 0b00000, 0b01110, 0b10000, 0b01110, 0b00001, 0b11110],
        ['x'] = [0b00000, 0b00000, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001],
    };

    /// <summary>True when <paramref name="c"/> has a glyph (a space is drawn blank on purpose).</summary>
    public static bool Supports(char c) => Glyphs.ContainsKey(c);

    /// <summary>Width in output pixels of <paramref name="text"/> drawn at <paramref name="scale"/>.</summary>
    public static int Width(string text, int scale) =>
        text.Length == 0 ? 0 : (text.Length * (GlyphWidth + Spacing) - Spacing) * scale;

    /// <summary>Calls <paramref name="plot"/> for every lit output pixel of <paramref name="text"/>, top-left at (x, y).</summary>
    public static void Draw(string text, int x, int y, int scale, Action<int, int> plot)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(plot);
        for (int i = 0; i < text.Length; i++)
        {
            if (!Glyphs.TryGetValue(text[i], out byte[]? rows)) continue;
            int left = x + i * (GlyphWidth + Spacing) * scale;
            for (int row = 0; row < GlyphHeight; row++)
                for (int column = 0; column < GlyphWidth; column++)
                {
                    if ((rows[row] >> (GlyphWidth - 1 - column) & 1) == 0) continue;
                    for (int dy = 0; dy < scale; dy++)
                        for (int dx = 0; dx < scale; dx++) plot(left + column * scale + dx, y + row * scale + dy);
                }
        }
    }
}
