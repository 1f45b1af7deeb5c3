namespace Harmonia.Evaluation.Reports;

/// <summary>
/// How an evaluation run was made, as report.md's "Run" section and summary.json's <c>run</c> object
/// state it, so a summary read on its own still says which model, output and size its numbers belong to.
/// </summary>
/// <param name="Model">The harmonizer's name.</param>
/// <param name="Output">How the model's result became the output image (dense, or colour map with its minimum change and guard).</param>
/// <param name="Size">The working size: "native", or the side in pixels with the resampling filters.</param>
/// <param name="Evaluated">Images in the means.</param>
/// <param name="Skipped">Images that could not be evaluated and are in no mean.</param>
public sealed record EvaluationRunDescription(string Model, string Output, string Size, int Evaluated, int Skipped);
