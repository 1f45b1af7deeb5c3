namespace Harmonia.Data.Loading;

/// <summary>Settings of an <see cref="EvaluationReader"/>.</summary>
public sealed record EvaluationReaderOptions
{
    /// <summary>Width to resize to, or null (with <see cref="Height"/> null) to keep each file's native size.</summary>
    public int? Width { get; init; }

    /// <summary>Height to resize to, or null (with <see cref="Width"/> null) for native size.</summary>
    public int? Height { get; init; }

    /// <summary>Threads that decode ahead of the consumer.</summary>
    public int Workers { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Samples decoded ahead of the consumer at most.</summary>
    public int PrefetchSamples { get; init; } = 8;

    /// <summary>Resizing and mask handling.</summary>
    public SamplePreprocessing Preprocessing { get; init; } = new();

    internal void Validate()
    {
        if (Width.HasValue != Height.HasValue)
            throw new ArgumentException("Give both a width and a height, or neither for native size.", nameof(Width));
        if (Width is < 1 || Height is < 1)
            throw new ArgumentOutOfRangeException(nameof(Width), $"The size must be positive, got {Width}x{Height}.");
        if (Workers < 1) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "At least one worker is needed.");
        if (PrefetchSamples < 1) throw new ArgumentOutOfRangeException(nameof(PrefetchSamples), PrefetchSamples, "At least one sample must be prefetched.");
        ArgumentNullException.ThrowIfNull(Preprocessing);
    }
}
