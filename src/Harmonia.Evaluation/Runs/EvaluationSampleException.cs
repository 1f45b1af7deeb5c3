namespace Harmonia.Evaluation.Runs;

/// <summary>
/// A sample could not be evaluated. The message is one line that starts with the sample's label and
/// names the file at fault, e.g. "HCOCO/c1_1_2: /data/HCOCO/masks/c1_1.png is 640x480 but …".
/// </summary>
public sealed class EvaluationSampleException : Exception
{
    /// <summary>Creates the error for <paramref name="sample"/>; <paramref name="problem"/> names the file and what is wrong.</summary>
    public EvaluationSampleException(EvaluationSample sample, string problem, Exception? inner = null)
        : base($"{sample.Label}: {problem}", inner)
    {
        Sample = sample;
        Problem = problem;
    }

    /// <summary>The sample at fault.</summary>
    public EvaluationSample Sample { get; }

    /// <summary>The problem without the sample label.</summary>
    public string Problem { get; }
}
