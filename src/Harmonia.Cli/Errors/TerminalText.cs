using System.Text;

namespace Harmonia.Cli.Errors;

/// <summary>
/// Makes text that quotes input (file names, tensor names, bytes a file holds) safe to print on
/// a terminal: a crafted file must not be able to send escape sequences that set the window
/// title, change colours or move the cursor.
/// </summary>
public static class TerminalText
{
    /// <summary>
    /// Returns <paramref name="text"/> with every control character (C0, DEL and C1: ESC, BEL,
    /// CR, CSI...) written as a visible escape: <c>\x1B</c> for those below U+0100. Everything
    /// else, including non-ASCII letters, is kept as it is.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(char.IsControl))
            return text;
        var escaped = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (char.IsControl(c))
                escaped.Append(@"\x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else
                escaped.Append(c);
        }
        return escaped.ToString();
    }
}
