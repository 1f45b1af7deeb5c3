namespace Harmonia.Cli.Errors;

/// <summary>
/// Finds the known name a mistyped one was probably meant to be (<c>rnu</c> → <c>run</c>,
/// <c>--sise</c> → <c>--size</c>): the closest name by optimal string alignment distance (edits,
/// with a swap of two neighbours counting as one), or the only name the typed text begins.
/// </summary>
public static class TypoSuggestion
{
    /// <summary>The name in <paramref name="known"/> that <paramref name="typed"/> most likely meant, or null
    /// when none is close enough to be a useful guess.</summary>
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var names = known.Distinct(StringComparer.Ordinal).ToList();
        var prefixed = names.Where(name => typed.Length >= 3 && name.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).ToList();
        if (prefixed.Count == 1)
            return prefixed[0];

        // A third of the word may be wrong, at least one character and at most three.
        var allowed = Math.Clamp(typed.TrimStart('-').Length / 3, 1, 3);
        var best = names
            .Select(name => (Name: name, Distance: Distance(typed.ToLowerInvariant(), name.ToLowerInvariant())))
            .Where(candidate => candidate.Distance <= allowed)
            .OrderBy(candidate => candidate.Distance)
            .ToList();
        return best.Count > 0 && (best.Count == 1 || best[0].Distance < best[1].Distance) ? best[0].Name : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
