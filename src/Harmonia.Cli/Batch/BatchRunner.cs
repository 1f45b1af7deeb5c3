using Harmonia.Cli.Errors;
using Harmonia.Cli.Inference;

namespace Harmonia.Cli.Batch;

/// <summary>What a batch run did.</summary>
/// <param name="Written">Outputs written by this run.</param>
/// <param name="Skipped">Outputs that already existed (finished earlier, or by a concurrent run).</param>
/// <param name="Failed">Pairs that failed; each was reported on stderr.</param>
public sealed record BatchOutcome(int Written, int Skipped, int Failed);

/// <summary>
/// Runs a <see cref="BatchPlan"/>: harmonizes the pending pairs one after another (the tensor engine
/// already uses every core for each image), with a progress bar. A pair that fails is reported as one
/// <c>error: FILE: why</c> line and the batch goes on; the caller turns failures into the exit code.
/// </summary>
public static class BatchRunner
{
    /// <summary>Harmonizes <paramref name="plan"/>'s pending pairs into their output files. The pairs found
    /// unready before the start (<see cref="BatchPlan.Unready"/>) count as failed; the caller reported them.</summary>
    public static BatchOutcome Run(BatchPlan plan, FileHarmonizer harmonizer, bool overwrite, CliContext context)
    {
        int written = 0, skipped = plan.Finished.Count, failed = plan.Unready.Count;
        using var progress = context.StartProgress("Harmonizing", plan.Pending.Count, "images");
        foreach (var item in plan.Pending)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            try
            {
                harmonizer.HarmonizeToFile(item.Pair.Composite, item.Pair.Mask, item.OutputPath, overwrite, remark => context.Error.WriteLine($"warning: run: {remark}"));
                written++;
                progress.Advance();
            }
            catch (CliException exists) when (exists.Why == Output.OverwriteGuard.ExistsReason && !overwrite)
            {
                // Another run (an overlapping shard) finished this pair meanwhile; its output is complete.
                skipped++;
                progress.Advance();
            }
            catch (Exception error) when (!(context.Cancellation.IsCancellationRequested && error is OperationCanceledException))
            {
                failed++;
                progress.Fail();
                context.Error.WriteLine(ErrorLine.FromException(error, "run"));
                if (context.Verbose)
                    context.Error.WriteLine(error.ToString());
            }
        }
        return new BatchOutcome(written, skipped, failed);
    }
}
