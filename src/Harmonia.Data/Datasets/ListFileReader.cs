namespace Harmonia.Data.Datasets;

/// <summary>One meaningful line of a list file, with its 1-based line number for error messages.</summary>
internal readonly record struct ListFileLine(int Number, string Text);

/// <summary>
/// Reads the plain-text lists datasets ship with: blank lines are skipped, surrounding
/// whitespace (including the '\r' of Windows line endings) is removed, and lines starting with
/// <c>#</c> are skipped when comments are allowed.
/// </summary>
internal static class ListFileReader
{
    public static IReadOnlyList<ListFileLine> Read(string path, bool allowComments = false)
    {
        if (!File.Exists(path))
            throw new DatasetException($"List file '{path}' does not exist.");
        var lines = new List<ListFileLine>();
        int number = 0;
        foreach (string raw in File.ReadLines(path))
        {
            number++;
            // A UTF-8 byte-order mark can survive on the first line when a file was saved on Windows.
            string text = (number == 1 ? raw.TrimStart('\uFEFF') : raw).Trim();
            if (text.Length == 0) continue;
            if (allowComments && text.StartsWith('#')) continue;
            lines.Add(new ListFileLine(number, text));
        }
        return lines;
    }
}
