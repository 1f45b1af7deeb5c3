namespace Harmonia.Data.Synthesis;

/// <summary>Settings of <see cref="OnTheFlyComposites"/>: where the photos are, how composites are drawn, and the batches.</summary>
public sealed record OnTheFlyOptions
{
    /// <summary>Folder of real photos, as for <c>harmonia synth --photos</c>.</summary>
    public required string PhotosDirectory { get; init; }

    /// <summary>Folder of object masks, as for <c>harmonia synth --masks</c>.</summary>
    public required string MasksDirectory { get; init; }

    /// <summary>How each sample's composite is drawn.</summary>
    public required CompositeMix Mix { get; init; }

    /// <summary>Share of photos held out, as <c>synth --test-fraction</c>.</summary>
    public double TestFraction { get; init; } = 0.1;

    /// <summary>
    /// Seed of the photo split. With the same photos, fraction and seed, the held-out photos are
    /// exactly those of <c>harmonia synth --seed</c>, so a synthesized test set stays unseen.
    /// </summary>
    public ulong SplitSeed { get; init; }

    /// <summary>Seed of the shuffle and of every composite's draws.</summary>
    public ulong Seed { get; init; }

    /// <summary>Samples per batch.</summary>
    public required int BatchSize { get; init; }

    /// <summary>Side of the square working size; photos are resized to it once, when loaded.</summary>
    public required int Size { get; init; }

    /// <summary>When false, every epoch visits the photos in order (for validation).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Mirror half of the samples left to right.</summary>
    public bool Flip { get; init; } = true;

    /// <summary>Threads that render composites ahead of the consumer.</summary>
    public int Workers { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Threads that check and load the photos (never changes the result).</summary>
    public int? LoadThreads { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Mix);
        if (string.IsNullOrWhiteSpace(PhotosDirectory)) throw new ArgumentException("The photo folder is required.", nameof(PhotosDirectory));
        if (string.IsNullOrWhiteSpace(MasksDirectory)) throw new ArgumentException("The mask folder is required.", nameof(MasksDirectory));
        if (!(TestFraction >= 0 && TestFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(TestFraction), TestFraction, "The test fraction must be in [0, 1].");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
        if (Size < 1) throw new ArgumentOutOfRangeException(nameof(Size), Size, "The working size must be positive.");
        if (Workers < 1) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "At least one worker is needed.");
        if (LoadThreads is < 1) throw new ArgumentOutOfRangeException(nameof(LoadThreads), LoadThreads, "At least one thread is needed.");
    }
}
