namespace Harmonia.Evaluation.Runs;

/// <summary>Where a run stands, reported after each image for a progress bar.</summary>
/// <param name="Done">Samples finished so far (evaluated or skipped); rises by one per report.</param>
/// <param name="Skipped">Of those, samples skipped as bad (only under <see cref="BadImagePolicy.Skip"/>).</param>
/// <param name="Total">Samples in the run.</param>
/// <param name="Elapsed">Time since the run started.</param>
public readonly record struct EvaluationProgress(int Done, int Skipped, int Total, TimeSpan Elapsed)
{
    /// <summary>Finished samples per second so far; 0 before any time has passed.</summary>
    public double ImagesPerSecond => Elapsed > TimeSpan.Zero ? Done / Elapsed.TotalSeconds : 0;

    /// <summary>Remaining time at the rate so far; null until the first sample is done.</summary>
    public TimeSpan? EstimatedRemaining => Done > 0
        ? TimeSpan.FromSeconds(Elapsed.TotalSeconds / Done * (Total - Done))
        : null;

    /// <summary>Done / Total in [0, 1].</summary>
    public double Fraction => Total > 0 ? (double)Done / Total : 1;
}
