namespace Harmonia.Evaluation.Runs;

/// <summary>
/// One image of an evaluation: the three files of an iHarmony4-style triple and the labels it is
/// reported under. The dataset index (not this project) decides which samples a run gets.
/// </summary>
/// <param name="Subset">Subset the image belongs to, e.g. "HCOCO"; its row in the report. Non-empty.</param>
/// <param name="Name">
/// The image's name within its subset, unique there, e.g. "c100_1_2"; it appears in per_image.csv and,
/// with --save-images, names images/&lt;Subset&gt;/&lt;Name&gt;.png (so it may hold '/' but no "." or ".." parts).
/// </param>
/// <param name="CompositePath">The composite image file (PNG or JPEG).</param>
/// <param name="MaskPath">The foreground mask file, the composite's size; grey ≥ 128 is foreground.</param>
/// <param name="RealPath">The ground-truth (real) image file, the composite's size.</param>
public sealed record EvaluationSample(string Subset, string Name, string CompositePath, string MaskPath, string RealPath)
{
    /// <summary>"Subset/Name", how errors and the report refer to the sample.</summary>
    public string Label => $"{Subset}/{Name}";
}
