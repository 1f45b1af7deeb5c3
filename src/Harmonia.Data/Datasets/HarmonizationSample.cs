namespace Harmonia.Data.Datasets;

/// <summary>
/// One harmonization example as files on disk: a composite, its foreground mask and, when the
/// dataset has one, the real photo the composite was made from (the ground truth).
/// </summary>
/// <param name="Subset">The group the sample belongs to (an iHarmony4 subset such as "HCOCO", "FFHQH", or a folder's name).</param>
/// <param name="Name">The composite's file name without directory or extension, e.g. "c1234_1_2"; used to name outputs.</param>
/// <param name="CompositePath">Path of the composite image.</param>
/// <param name="MaskPath">Path of the mask image (binarized at 0.5 when loaded).</param>
/// <param name="RealPath">Path of the ground-truth photo, or null when the dataset has none (inference only).</param>
public sealed record HarmonizationSample(string Subset, string Name, string CompositePath, string MaskPath, string? RealPath);
