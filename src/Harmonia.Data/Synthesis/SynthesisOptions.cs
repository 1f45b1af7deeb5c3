using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Data.Synthesis;

/// <summary>What <see cref="SynthesisRunner.Run"/> makes and from what (the <c>harmonia synth</c> options).</summary>
public sealed record SynthesisOptions
{
    /// <summary>Folder of real photos (<c>--photos</c>): every .jpg, .jpeg and .png directly in it.</summary>
    public required string PhotosDirectory { get; init; }

    /// <summary>Folder of object masks (<c>--masks</c>): for photo <c>NAME.ext</c>, the mask <c>NAME.png</c> (or .jpg/.jpeg), same size, foreground where grey ≥ 128.</summary>
    public required string MasksDirectory { get; init; }

    /// <summary>Dataset root (<c>--out</c>); the subset is written to <c>&lt;OutputRoot&gt;/&lt;Subset&gt;</c>.</summary>
    public required string OutputRoot { get; init; }

    /// <summary>Subset folder name (<c>--subset</c>), also the prefix of the list files.</summary>
    public required string Subset { get; init; }

    /// <summary>The recipe (<c>--recipe</c>).</summary>
    public required SynthesisRecipe Recipe { get; init; }

    /// <summary>Composites made from each photo (<c>--per-photo</c>), at least 1.</summary>
    public int PerPhoto { get; init; } = 1;

    /// <summary>Share of photos, in [0, 1], whose composites form the test split (<c>--test-fraction</c>).</summary>
    public double TestFraction { get; init; } = 0.1;

    /// <summary>Seed of every random choice (<c>--seed</c>).</summary>
    public ulong Seed { get; init; }

    /// <summary>File format of real photos and composites (masks are always PNG). JPEG, as in iHarmony4, by default.</summary>
    public ImageFileFormat OutputFormat { get; init; } = ImageFileFormat.Jpeg;

    /// <summary>JPEG quality (1–100) when <see cref="OutputFormat"/> is JPEG.</summary>
    public int JpegQuality { get; init; } = 95;

    /// <summary>Photos processed in parallel (null: <see cref="Harmonia.Tensors.EngineSettings.Threads"/>). Never changes the output.</summary>
    public int? Threads { get; init; }

    internal void Validate()
    {
        foreach (var (value, name) in new[] { (PhotosDirectory, nameof(PhotosDirectory)), (MasksDirectory, nameof(MasksDirectory)), (OutputRoot, nameof(OutputRoot)) })
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} is required.", name);
        if (string.IsNullOrWhiteSpace(Subset) || Subset.IndexOfAny(['/', '\\']) >= 0 || Subset is "." or ".." || Subset != Subset.Trim())
            throw new ArgumentException($"Subset '{Subset}' is not a folder name.", nameof(Subset));
        if (PerPhoto < 1) throw new ArgumentOutOfRangeException(nameof(PerPhoto), PerPhoto, "At least one composite per photo is needed.");
        if (!(TestFraction >= 0 && TestFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(TestFraction), TestFraction, "The test fraction must be in [0, 1].");
        if (JpegQuality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(JpegQuality), JpegQuality, "JPEG quality must be 1 to 100.");
        if (Threads is < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "At least one thread is needed.");
        if (!Enum.IsDefined(Recipe)) throw new ArgumentOutOfRangeException(nameof(Recipe), Recipe, "Unknown recipe.");
        if (!Enum.IsDefined(OutputFormat)) throw new ArgumentOutOfRangeException(nameof(OutputFormat), OutputFormat, "Unknown output format.");
    }
}
