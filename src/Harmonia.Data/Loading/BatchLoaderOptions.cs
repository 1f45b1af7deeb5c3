namespace Harmonia.Data.Loading;

/// <summary>Settings of a <see cref="HarmonizationBatchLoader"/>.</summary>
public sealed record BatchLoaderOptions
{
    /// <summary>Samples per batch (HDNet trains with 12, PHNet with 16).</summary>
    public required int BatchSize { get; init; }

    /// <summary>Working width every sample is resized to.</summary>
    public required int Width { get; init; }

    /// <summary>Working height every sample is resized to.</summary>
    public required int Height { get; init; }

    /// <summary>Seed of the shuffle and of the augmentation draws.</summary>
    public ulong Seed { get; init; }

    /// <summary>When false, every epoch visits the samples in list order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Threads that decode and resize ahead of the consumer.</summary>
    public int Workers { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Batches decoded ahead of the consumer at most (bounds memory).</summary>
    public int PrefetchBatches { get; init; } = 2;

    /// <summary>Resizing and mask handling.</summary>
    public SamplePreprocessing Preprocessing { get; init; } = new();

    /// <summary>Random crop and flip; null (the default) for none.</summary>
    public AugmentationOptions? Augmentation { get; init; }

    internal void Validate()
    {
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
        if (Width < 1 || Height < 1) throw new ArgumentOutOfRangeException(nameof(Width), $"The working size must be positive, got {Width}x{Height}.");
        if (Workers < 1) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "At least one worker is needed.");
        if (PrefetchBatches < 1) throw new ArgumentOutOfRangeException(nameof(PrefetchBatches), PrefetchBatches, "At least one batch must be prefetched.");
        ArgumentNullException.ThrowIfNull(Preprocessing);
        Augmentation?.Validate();
    }
}
