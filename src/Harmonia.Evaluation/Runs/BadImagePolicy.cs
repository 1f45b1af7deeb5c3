namespace Harmonia.Evaluation.Runs;

/// <summary>What a run does with a sample whose files cannot be used (unreadable, corrupt, sizes that disagree).</summary>
public enum BadImagePolicy
{
    /// <summary>
    /// Stop the run with an <see cref="EvaluationSampleException"/> naming the sample and the file, and
    /// write no report. The default: published numbers are means over every test image, so a run that
    /// silently left images out would not be comparable.
    /// </summary>
    Fail = 0,

    /// <summary>
    /// Leave the sample out, carry on, and list it (with the reason) in the result and in report.md,
    /// whose means then cover only the evaluated images.
    /// </summary>
    Skip = 1,
}
