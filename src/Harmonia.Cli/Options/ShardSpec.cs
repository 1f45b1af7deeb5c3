using System.Globalization;

namespace Harmonia.Cli.Options;

/// <summary>
/// One slice of a batch, written <c>i/n</c> on the command line: shard <see cref="Index"/> of
/// <see cref="Count"/> (0-based), so that n machines or processes can split a batch without overlap.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>The whole batch as a single shard (<c>0/1</c>).</summary>
    public static ShardSpec Whole => new(0, 1);

    /// <summary>Whether the item at <paramref name="position"/> in the sorted batch belongs to this shard.
    /// Items are dealt round-robin, so shards stay balanced even when the batch is ordered by size or subset.</summary>
    public bool Includes(int position) => position % Count == Index;

    /// <summary>Parses <c>i/n</c> with <c>0 &lt;= i &lt; n</c>; on failure returns false and a message for the user.</summary>
    public static bool TryParse(string text, out ShardSpec shard, out string? error)
    {
        shard = default;
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"--shard expects i/n with whole numbers (e.g. 0/4), got '{text}'.";
            return false;
        }
        if (count < 1)
        {
            error = $"--shard {text}: the shard count n must be at least 1.";
            return false;
        }
        if (index >= count)
        {
            error = $"--shard {text}: the shard index i must be in 0..{count - 1} (shards are numbered from 0).";
            return false;
        }
        shard = new ShardSpec(index, count);
        error = null;
        return true;
    }

    /// <summary>The command-line form, <c>i/n</c>.</summary>
    public override string ToString() => $"{Index}/{Count}";
}
