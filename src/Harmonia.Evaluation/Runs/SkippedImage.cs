namespace Harmonia.Evaluation.Runs;

/// <summary>A sample a <see cref="BadImagePolicy.Skip"/> run left out, and why.</summary>
/// <param name="Subset">The sample's subset.</param>
/// <param name="Name">The sample's name.</param>
/// <param name="Reason">One line naming the file and the problem.</param>
public sealed record SkippedImage(string Subset, string Name, string Reason);
