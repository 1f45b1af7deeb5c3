using Harmonia.Cli.Errors;
using Harmonia.Cli.Options;

namespace Harmonia.Cli.Batch;

/// <summary>One pair of a batch with the file its result goes to.</summary>
/// <param name="Pair">The composite and mask.</param>
/// <param name="OutputPath">Where the result is written.</param>
public sealed record BatchItem(ImagePair Pair, string OutputPath);

/// <summary>A pair that cannot be harmonized because one of its files does not exist.</summary>
/// <param name="Item">The pair.</param>
/// <param name="MissingPath">The composite or mask that is missing.</param>
/// <param name="Reason">What is missing, for the error line ("mask not found (for composite X)").</param>
public sealed record UnreadyItem(BatchItem Item, string MissingPath, string Reason);

/// <summary>
/// What one <c>harmonia run</c> batch invocation will do: the pairs of its shard, split into those still
/// to harmonize, those already finished, and those whose composite or mask is missing (found before any
/// work, so they are reported up front). An output file that exists is complete, because outputs are
/// written atomically; it is skipped unless <c>--overwrite</c> asks to redo it.
/// </summary>
public sealed class BatchPlan
{
    private BatchPlan(int totalPairs, IReadOnlyList<BatchItem> pending, IReadOnlyList<BatchItem> finished, IReadOnlyList<UnreadyItem> unready)
    {
        TotalPairs = totalPairs;
        Pending = pending;
        Finished = finished;
        Unready = unready;
    }

    /// <summary>Pairs in the whole batch, over all shards.</summary>
    public int TotalPairs { get; }

    /// <summary>This shard's pairs that will be harmonized: both files exist and the output does not (or is to be redone).</summary>
    public IReadOnlyList<BatchItem> Pending { get; }

    /// <summary>This shard's pairs whose output already exists (skipped).</summary>
    public IReadOnlyList<BatchItem> Finished { get; }

    /// <summary>This shard's unfinished pairs whose composite or mask does not exist; they count as failed.</summary>
    public IReadOnlyList<UnreadyItem> Unready { get; }

    /// <summary>The shard's pairs that are not finished: <see cref="Pending"/> and <see cref="Unready"/>.</summary>
    public int ToDo => Pending.Count + Unready.Count;

    /// <summary>
    /// Plans the batch. Fails before any work when two pairs would write the same output (composites
    /// with the same name) or an output would replace one of the inputs (the output folder is the input folder).
    /// </summary>
    /// <param name="pairs">Every pair of the batch, in batch order (shards deal from this order).</param>
    /// <param name="outputDirectory">The output folder.</param>
    /// <param name="outputExtension">The outputs' extension, <c>.png</c> or <c>.jpg</c>.</param>
    /// <param name="shard">The slice to take: pair number k (0-based) belongs to shard k mod n.</param>
    /// <param name="overwrite">Redo pairs whose output exists.</param>
    public static BatchPlan Create(IReadOnlyList<ImagePair> pairs, string outputDirectory, string outputExtension, ShardSpec shard, bool overwrite)
    {
        var items = pairs.Select(pair => new BatchItem(pair, pair.OutputPath(outputDirectory, outputExtension))).ToList();
        RejectSharedOutputs(items);
        RejectOutputsOverInputs(items);

        var pending = new List<BatchItem>();
        var finished = new List<BatchItem>();
        var unready = new List<UnreadyItem>();
        for (var position = 0; position < items.Count; position++)
        {
            if (!shard.Includes(position))
                continue;
            var item = items[position];
            if (File.Exists(item.OutputPath) && !overwrite)
                finished.Add(item);
            else if (!File.Exists(item.Pair.Composite))
                unready.Add(new UnreadyItem(item, item.Pair.Composite, Directory.Exists(item.Pair.Composite) ? "is a folder, not a composite image" : "file not found"));
            else if (!File.Exists(item.Pair.Mask))
                unready.Add(new UnreadyItem(item, item.Pair.Mask, $"mask not found (for composite {item.Pair.Composite})"));
            else
                pending.Add(item);
        }
        return new BatchPlan(items.Count, pending, finished, unready);
    }

    private static void RejectSharedOutputs(List<BatchItem> items)
    {
        var firstByOutput = new Dictionary<string, BatchItem>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var output = Path.GetFullPath(item.OutputPath);
            if (firstByOutput.TryGetValue(output, out var first))
                throw new CliException(
                    item.Pair.Composite,
                    $"has the same name as {first.Pair.Composite}, so both would be written to {item.OutputPath} " +
                    "(outputs are named after the composite); rename one of them");
            firstByOutput.Add(output, item);
        }
    }

    private static void RejectOutputsOverInputs(List<BatchItem> items)
    {
        var inputs = items.SelectMany(item => new[] { item.Pair.Composite, item.Pair.Mask })
            .Select(Path.GetFullPath)
            .ToHashSet(StringComparer.Ordinal);
        var clash = items.FirstOrDefault(item => inputs.Contains(Path.GetFullPath(item.OutputPath)));
        if (clash is not null)
            throw new CliException(
                clash.OutputPath,
                "the output would replace an input image of the batch; choose an --out folder other than the input folder");
    }
}
