namespace Harmonia.Evaluation.Runs;

/// <summary>Checks a run's sample list before any image is read, so a malformed list fails at once.</summary>
internal static class SampleListValidation
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> when the list is empty, a sample lacks a label or a
    /// path, two samples share subset and name (their rows and saved images would collide), or — when
    /// images are saved — a subset or name would not make a path inside the images folder.
    /// </summary>
    public static void Validate(IReadOnlyList<EvaluationSample> samples, bool namesBecomePaths)
    {
        if (samples.Count == 0) throw new ArgumentException("There are no samples to evaluate.", nameof(samples));
        var seen = new HashSet<(string, string)>();
        for (int i = 0; i < samples.Count; i++)
        {
            EvaluationSample? sample = samples[i]
                ?? throw new ArgumentException($"Sample {i} is null.", nameof(samples));
            if (string.IsNullOrWhiteSpace(sample.Subset) || string.IsNullOrWhiteSpace(sample.Name))
                throw new ArgumentException($"Sample {i} ('{sample.Label}') needs a non-empty subset and name.", nameof(samples));
            if (string.IsNullOrEmpty(sample.CompositePath) || string.IsNullOrEmpty(sample.MaskPath) || string.IsNullOrEmpty(sample.RealPath))
                throw new ArgumentException($"Sample {sample.Label} needs composite, mask and real paths.", nameof(samples));
            if (!seen.Add((sample.Subset, sample.Name)))
                throw new ArgumentException($"Sample {sample.Label} appears more than once.", nameof(samples));
            if (namesBecomePaths)
            {
                RequireSafeRelativePath(sample, sample.Subset, "subset", allowSeparators: false);
                RequireSafeRelativePath(sample, sample.Name, "name", allowSeparators: true);
            }
        }
    }

    // A saved image must land under images/<subset>/: no rooted paths, no "." or ".." parts, no characters the file system refuses.
    private static void RequireSafeRelativePath(EvaluationSample sample, string text, string what, bool allowSeparators)
    {
        char[] separators = ['/', '\\'];
        string[] parts = text.Split(separators);
        bool safe = (allowSeparators || parts.Length == 1)
            && parts.All(p => p.Length > 0 && p != "." && p != ".." && p.IndexOfAny(Path.GetInvalidFileNameChars()) < 0)
            && !Path.IsPathRooted(text);
        if (!safe)
            throw new ArgumentException(
                $"Sample {sample.Label}: its {what} '{text}' cannot name a saved image file (needs plain file-name parts, no '.', '..' or absolute paths).",
                nameof(sample));
    }
}
