using System.Runtime.ExceptionServices;
using Harmonia.Evaluation.Reports;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;
using Harmonia.Models;

namespace Harmonia.Evaluation.Runs;

/// <summary>
/// Runs the standard harmonization evaluation (the protocol HDNet and PHNet report on iHarmony4)
/// over a list of samples with any <see cref="IHarmonizer"/>, networks and baselines alike, and
/// writes summary.json, report.md and per_image.csv.
/// </summary>
/// <remarks>
/// Per sample: load composite, mask and real image; resize all three to the working size
/// (composite and real with the image filter, the mask nearest, so it stays binary) or keep the
/// native size; harmonize (the harmonizer blends the prediction into the composite's background);
/// round to 8 bits; score against the real image at the same size.
/// <para>
/// Images are evaluated concurrently, each image a separate unit of work whose result goes to its
/// own slot, and the records are reported in sample order: the output files are byte-identical for
/// any worker count. When a sample fails, samples before it are still finished and later ones are
/// not started, so the error reported is always that of the first failing sample in list order.
/// </para>
/// </remarks>
public static class EvaluationRunner
{
    /// <summary>
    /// Evaluates <paramref name="samples"/> with <paramref name="harmonizer"/> and writes the report files into
    /// <paramref name="outputDirectory"/>. The directory is checked (and created) before any image is read;
    /// the report files are written only when every sample has been handled, so a failed or cancelled run
    /// leaves no report (images already saved under images/ stay).
    /// </summary>
    /// <param name="harmonizer">The model or baseline. With more than one worker it is called from several threads at once.</param>
    /// <param name="samples">The images, in the order per_image.csv lists them.</param>
    /// <param name="outputDirectory">Where summary.json, report.md, per_image.csv (and images/) go.</param>
    /// <param name="options">Size, metrics, saving, overwrite and failure policy; null means <see cref="EvaluationOptions.Default"/>.</param>
    /// <param name="progress">Called after each finished sample, one call at a time, from worker threads; keep it quick.</param>
    /// <param name="cancellationToken">Checked between images; cancelling throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentException">The options, the sample list, or the working size for this model are invalid.</exception>
    /// <exception cref="OutputDirectoryNotEmptyException">The output directory holds files and overwriting was not allowed.</exception>
    /// <exception cref="EvaluationSampleException">A sample could not be evaluated (under <see cref="BadImagePolicy.Fail"/>, or when the harmonizer itself failed).</exception>
    /// <exception cref="InvalidOperationException">Every sample was skipped, so there is nothing to report.</exception>
    public static EvaluationResult Run(
        IHarmonizer harmonizer,
        IReadOnlyList<EvaluationSample> samples,
        string outputDirectory,
        EvaluationOptions? options = null,
        Action<EvaluationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harmonizer);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        options ??= EvaluationOptions.Default;
        options.Validate();
        SampleListValidation.Validate(samples, options.SaveImages);
        WorkingSize size = options.EffectiveSize;
        int multiple = Math.Max(1, harmonizer.SizeMultiple);
        if (!size.IsNative && size.Side % multiple != 0)
            throw new ArgumentException($"Evaluation size {size.Side} is not a multiple of {multiple}, which {harmonizer.Name} needs.", nameof(options));
        cancellationToken.ThrowIfCancellationRequested();

        OutputDirectory output = OutputDirectory.Claim(outputDirectory, options.Overwrite);
        var preparation = new SamplePreparation(size, options.ImageFilter, multiple, harmonizer.Name, options.EffectiveDecodeLimits);
        var scoring = new SampleScoring(harmonizer, options.EffectiveMetrics);
        var tracker = new ProgressTracker(samples.Count, progress);

        var records = new ImageRecord?[samples.Count];
        var skipped = new SkippedImage?[samples.Count];
        var failures = new Exception?[samples.Count];

        void EvaluateOne(int index, ParallelLoopState loop)
        {
            if (cancellationToken.IsCancellationRequested || loop.ShouldExitCurrentIteration) return;
            EvaluationSample sample = samples[index];
            try
            {
                PreparedSample prepared = preparation.Prepare(sample);
                (ImageRecord record, Image harmonized) = scoring.Score(sample, prepared);
                if (options.SaveImages) SaveHarmonized(output.HarmonizedImagePath(sample), harmonized);
                records[index] = record;
            }
            catch (EvaluationSampleException bad) when (options.OnBadImage == BadImagePolicy.Skip)
            {
                skipped[index] = new SkippedImage(sample.Subset, sample.Name, bad.Problem);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures[index] = e;
                // Break, unlike Stop, still runs every earlier index, which makes the reported failure deterministic.
                loop.Break();
                return;
            }
            tracker.SampleFinished(wasSkipped: skipped[index] is not null);
        }

        var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveWorkers, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, samples.Count, parallelOptions, EvaluateOne);
        }
        catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count > 0)
        {
            // Only the progress callback can throw out of EvaluateOne; surface its own exception.
            ExceptionDispatchInfo.Capture(aggregate.InnerExceptions[0]).Throw();
        }
        cancellationToken.ThrowIfCancellationRequested();

        int firstFailure = Array.FindIndex(failures, f => f is not null);
        if (firstFailure >= 0)
        {
            Exception failure = failures[firstFailure]!;
            if (failure is EvaluationSampleException) ExceptionDispatchInfo.Throw(failure);
            throw AsSampleError(samples[firstFailure], failure, harmonizer.Name);
        }

        var evaluated = records.OfType<ImageRecord>().ToList();
        var skippedInOrder = skipped.OfType<SkippedImage>().ToList();
        if (evaluated.Count == 0)
            throw new InvalidOperationException(
                $"All {samples.Count} samples were skipped as bad, so there is nothing to report; the first: {skippedInOrder[0].Subset}/{skippedInOrder[0].Name}: {skippedInOrder[0].Reason}");

        EvaluationSummary summary = RunReportWriter.Write(output, harmonizer, options, evaluated, skippedInOrder);
        return new EvaluationResult(evaluated, skippedInOrder, summary, output.FullPath, tracker.Elapsed);
    }

    private static void SaveHarmonized(string path, Image harmonized)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ImageFile.Save(path, harmonized);
    }

    // Saving and harmonizing are not input problems, but the user still needs to know which image hit them.
    private static EvaluationSampleException AsSampleError(EvaluationSample sample, Exception failure, string modelName)
    {
        string problem = failure is IOException or UnauthorizedAccessException
            ? $"writing the output failed: {failure.Message}"
            : $"{modelName} failed: {failure.GetType().Name}: {failure.Message}";
        return new EvaluationSampleException(sample, problem.ReplaceLineEndings(" "), failure);
    }
}
