using Harmonia.Imaging;
using Harmonia.Imaging.Files;
using Harmonia.Models;

namespace Harmonia;

/// <summary>
/// Harmonizes composites: adjusts the pasted object that a mask marks so that its colours,
/// brightness and contrast match the photo around it; the rest of the photo is left as it is.
/// </summary>
/// <example>
/// <code>
/// using var harmonizer = Harmonizer.Load();                        // HDNet-lite, weights included
/// var result = harmonizer.Harmonize("photo.jpg", "mask.png");
/// result.Save("harmonized.png");
/// </code>
/// </example>
/// <remarks>
/// <para>Load a model once and reuse it: loading builds the network and reads its weights.</para>
/// <para><b>Thread safety.</b> All members are safe to call from several threads at once. Calls on
/// one instance decode their inputs in parallel but run the model one at a time, in turn (each run
/// already spreads its work over the cores, see <c>Harmonia.Tensors.EngineSettings.Threads</c>); a
/// caller waiting for its turn can be cancelled. Separate instances run in parallel.</para>
/// <para><b>Cancellation.</b> The token is checked after decoding, while waiting for the turn, and
/// before and after the model runs; a model run that has begun goes to its end, which takes a
/// fraction of a second at the default working size.</para>
/// </remarks>
public sealed class Harmonizer : IDisposable
{
    /// <summary>The model <see cref="Load()"/> uses: HDNet-lite, trained by Harmonia.</summary>
    public const string DefaultModel = ModelCatalog.DefaultModel;

    /// <summary>The working size of networks when none is given: 256, the resolution both papers train at.</summary>
    public const int DefaultNetworkWorkingSize = 256;

    private readonly ImageHarmonizer imageHarmonizer;
    private readonly SemaphoreSlim turn = new(1, 1);
    private volatile bool disposed;

    private Harmonizer(IHarmonizer model)
    {
        imageHarmonizer = new ImageHarmonizer(model);
        IsNetwork = HarmonizerOutput.IsNetwork(model);
    }

    /// <summary>
    /// Every model name <see cref="Load(string)"/> accepts: the networks (hdnet-lite, hdnet-lite-affine,
    /// phnet-lite, phnet-lite-affine, hdnet, phnet, phnet-ffhqh) and the baselines (composite, reinhard). Only some networks ship
    /// with trained weights, see <see cref="BundledModels"/>.
    /// </summary>
    public static IReadOnlyList<string> Models { get; } = ModelLoader.KnownNamesList().ToArray();

    /// <summary>The models that run without a weights file: those whose trained weights are in the package, and the baselines.</summary>
    public static IReadOnlyList<string> BundledModels { get; } = ModelLoader.BundledModelNames().ToArray();

    /// <summary>The model's name (a preset name, or the weights file's name without extension).</summary>
    public string Name => imageHarmonizer.Harmonizer.Name;

    /// <summary>True for a neural network, false for a classical baseline.</summary>
    public bool IsNetwork { get; }

    /// <summary>Working sizes and, at the native size, image sides must be multiples of this (8 for networks, 1 for baselines).</summary>
    public int SizeMultiple => imageHarmonizer.Harmonizer.SizeMultiple;

    /// <summary>The working size used when <see cref="HarmonizeOptions.WorkingSize"/> is not given:
    /// <see cref="DefaultNetworkWorkingSize"/> for networks, null (the image's own size) for baselines.</summary>
    public int? DefaultWorkingSize => IsNetwork ? DefaultNetworkWorkingSize : null;

    /// <summary>Loads the default model, <see cref="DefaultModel"/>, with its bundled weights.</summary>
    /// <exception cref="ModelLoadException">The bundled weights are missing or damaged.</exception>
    public static Harmonizer Load() => Load(DefaultModel);

    /// <summary>
    /// Loads a model by name (one of <see cref="Models"/>, e.g. "phnet-lite" or "reinhard") with its
    /// bundled weights, or, when <paramref name="modelOrWeightsPath"/> is not a model name, the
    /// weights file at that path (see <see cref="LoadWeights"/>). A model name wins over a file of the
    /// same name; write "./hdnet" for the file.
    /// </summary>
    /// <exception cref="ModelLoadException">An unknown name, a model without bundled weights, or a weights file that cannot be loaded.</exception>
    /// <exception cref="FileNotFoundException">The name looks like a file path (it has a folder or an extension) and the file does not exist.</exception>
    public static Harmonizer Load(string modelOrWeightsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelOrWeightsPath);
        if (Models.Contains(modelOrWeightsPath) || !LooksLikePath(modelOrWeightsPath))
            return new Harmonizer(ModelLoader.LoadPreset(modelOrWeightsPath));
        return LoadWeights(modelOrWeightsPath);
    }

    /// <summary>
    /// Loads weights from a file: a <c>.safetensors</c> file (written by Harmonia's training or
    /// <c>harmonia convert</c>, or any with the right tensors) or a PyTorch <c>.pth</c> checkpoint of
    /// HDNet or PHNet; PyTorch files are read without executing anything in them.
    /// </summary>
    /// <param name="path">The weights file.</param>
    /// <param name="model">The architecture, as a network name from <see cref="Models"/> (e.g. "hdnet");
    /// null to read it from the file (Harmonia's files record it; otherwise it is inferred from the tensors).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelLoadException">The file is not valid weights, or they do not fit the architecture.</exception>
    public static Harmonizer LoadWeights(string path, string? model = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new Harmonizer(ModelLoader.LoadWeights(path, model));
    }

    /// <summary>Harmonizes the composite at <paramref name="compositePath"/> with the mask at <paramref name="maskPath"/> (PNG or JPEG files).</summary>
    /// <param name="compositePath">The composite photo. A 16-bit PNG gives a 16-bit result (<see cref="HarmonizationResult.SixteenBitImage"/>).</param>
    /// <param name="maskPath">The mask, the composite's size: white where the pasted object is, black elsewhere. Grey levels
    /// are a soft (feathered) edge: the network sees the object where the grey is at least 128, and each pixel moves by
    /// grey/255 × the change its object gets, as a compositing tool blends a feathered layer. A PNG with transparent
    /// pixels is read by its alpha instead, so the pasted layer exported at the composite's size is a mask.</param>
    /// <param name="options">The working size; null for the model's default.</param>
    /// <param name="cancellationToken">Cancels the call (see the class remarks for when it is observed).</param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidImageException">A file is not a valid PNG or JPEG, or the sizes differ.</exception>
    /// <exception cref="ArgumentException">The working size does not suit the model or the image.</exception>
    public HarmonizationResult Harmonize(string compositePath, string maskPath, HarmonizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(compositePath);
        ArgumentException.ThrowIfNullOrEmpty(maskPath);
        var composite = InputDecoding.DecodeComposite(InputDecoding.ReadFile(ImageRole.Composite, compositePath), compositePath);
        cancellationToken.ThrowIfCancellationRequested();
        var mask = InputDecoding.DecodeMask(InputDecoding.ReadFile(ImageRole.Mask, maskPath), maskPath);
        return Run(composite, compositePath, mask, maskPath, options, cancellationToken);
    }

    /// <summary>Harmonizes PNG or JPEG files read from two streams (each read to its end; neither is closed).</summary>
    /// <inheritdoc cref="Harmonize(string, string, HarmonizeOptions?, CancellationToken)"/>
    public HarmonizationResult Harmonize(Stream composite, Stream mask, HarmonizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(composite);
        ArgumentNullException.ThrowIfNull(mask);
        var compositeImage = InputDecoding.DecodeComposite(InputDecoding.ReadStream(composite), InputDecoding.StreamSource);
        cancellationToken.ThrowIfCancellationRequested();
        var coverage = InputDecoding.DecodeMask(InputDecoding.ReadStream(mask), InputDecoding.StreamSource);
        return Run(compositeImage, InputDecoding.StreamSource, coverage, InputDecoding.StreamSource, options, cancellationToken);
    }

    /// <summary>
    /// Harmonizes PNG or JPEG files read asynchronously from two streams (each read to its end; neither
    /// is closed), for callers such as web servers whose request streams allow no synchronous reads.
    /// The computation runs on the thread pool, and waiting for this instance does not block a thread.
    /// </summary>
    /// <inheritdoc cref="Harmonize(string, string, HarmonizeOptions?, CancellationToken)"/>
    public async Task<HarmonizationResult> HarmonizeAsync(Stream composite, Stream mask, HarmonizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(composite);
        ArgumentNullException.ThrowIfNull(mask);
        var compositeBytes = await InputDecoding.ReadAllAsync(composite, cancellationToken).ConfigureAwait(false);
        var maskBytes = await InputDecoding.ReadAllAsync(mask, cancellationToken).ConfigureAwait(false);
        var (compositeImage, coverage) = await Task.Run(() =>
        {
            var decodedComposite = InputDecoding.DecodeComposite(compositeBytes, InputDecoding.StreamSource);
            cancellationToken.ThrowIfCancellationRequested();
            return (decodedComposite, InputDecoding.DecodeMask(maskBytes, InputDecoding.StreamSource));
        }, cancellationToken).ConfigureAwait(false);
        var plan = Check(compositeImage, InputDecoding.StreamSource, coverage, InputDecoding.StreamSource, options);

        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => RunHoldingTurn(compositeImage, coverage, plan, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>Harmonizes PNG or JPEG files held in memory.</summary>
    /// <inheritdoc cref="Harmonize(string, string, HarmonizeOptions?, CancellationToken)"/>
    public HarmonizationResult Harmonize(byte[] composite, byte[] mask, HarmonizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(composite);
        ArgumentNullException.ThrowIfNull(mask);
        var compositeImage = InputDecoding.DecodeComposite(composite, InputDecoding.BytesSource);
        cancellationToken.ThrowIfCancellationRequested();
        var coverage = InputDecoding.DecodeMask(mask, InputDecoding.BytesSource);
        return Run(compositeImage, InputDecoding.BytesSource, coverage, InputDecoding.BytesSource, options, cancellationToken);
    }

    /// <summary>
    /// Harmonizes decoded pixels: <paramref name="composite"/> (grey, RGB or RGBA; alpha is copied
    /// unchanged) with the binary <paramref name="mask"/> of the same size (<see cref="Mask.FromImage"/>
    /// makes one from a picture).
    /// </summary>
    /// <inheritdoc cref="Harmonize(string, string, HarmonizeOptions?, CancellationToken)"/>
    public HarmonizationResult Harmonize(Image composite, Mask mask, HarmonizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return Harmonize(composite, MaskCoverage.FromMask(mask), options, cancellationToken);
    }

    /// <summary>
    /// Harmonizes decoded pixels with a mask that may be soft (<see cref="MaskCoverage.FromImage"/> makes
    /// one from a picture): the network sees the object where the coverage is above 0.5, and every pixel
    /// moves by its coverage × the change its object gets.
    /// </summary>
    /// <inheritdoc cref="Harmonize(string, string, HarmonizeOptions?, CancellationToken)"/>
    public HarmonizationResult Harmonize(Image composite, MaskCoverage mask, HarmonizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(composite);
        ArgumentNullException.ThrowIfNull(mask);
        return Run(new DecodedImage(composite), "(image)", mask, "(mask)", options, cancellationToken);
    }

    /// <summary>Harmonizes a 16-bit composite at 16-bit precision; the result's <see cref="HarmonizationResult.SixteenBitImage"/> holds it.</summary>
    /// <inheritdoc cref="Harmonize(Image, MaskCoverage, HarmonizeOptions?, CancellationToken)"/>
    public HarmonizationResult Harmonize(Image16 composite, MaskCoverage mask, HarmonizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(composite);
        ArgumentNullException.ThrowIfNull(mask);
        return Run(new DecodedImage(composite), "(image)", mask, "(mask)", options, cancellationToken);
    }

    /// <summary>
    /// Ends the use of this harmonizer: later calls throw <see cref="ObjectDisposedException"/>. The model
    /// holds only managed memory, which the garbage collector frees once the instance is unreferenced.
    /// </summary>
    public void Dispose()
    {
        disposed = true;
    }

    private HarmonizationResult Run(DecodedImage composite, string compositeSource, MaskCoverage mask, string maskSource, HarmonizeOptions? options, CancellationToken cancellationToken)
    {
        var plan = Check(composite, compositeSource, mask, maskSource, options);
        turn.Wait(cancellationToken);
        try
        {
            return RunHoldingTurn(composite, mask, plan, cancellationToken);
        }
        finally
        {
            turn.Release();
        }
    }

    // What one call runs: the working size, and the model with the call's colour-map minimum and guard.
    private readonly record struct RunPlan(int? WorkingSize, ImageHarmonizer Runner);

    // Everything that can be wrong with the inputs is found before waiting for the model.
    private RunPlan Check(DecodedImage composite, string compositeSource, MaskCoverage mask, string maskSource, HarmonizeOptions? options)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        options ??= HarmonizeOptions.Default;
        if (!CompositeSize.Matches(mask.Width, mask.Height, composite.Width, composite.Height))
            throw new InvalidImageException(ImageRole.Mask, maskSource,
                $"it {CompositeSize.Mismatch(mask.Width, mask.Height, compositeSource, composite.Width, composite.Height)}; masks must match the composite's size");
        int? workingSize = ResolveWorkingSize(options, composite);
        if (options.MinimumChange is { } minimum && !ColorMapHarmonizer.IsValidMinimumChange(minimum))
            throw new ArgumentException($"the minimum change is a number of 8-bit levels from 0 to 255, got {minimum}", nameof(options));
        // Baselines and dense networks have no colour map; the options do not apply to them.
        if (imageHarmonizer.Harmonizer is not ColorMapHarmonizer colorMap) return new RunPlan(workingSize, imageHarmonizer);
        var chosen = colorMap.With(options.MinimumChange ?? colorMap.MinimumChange, options.ColorGuard ?? colorMap.ColorGuard);
        return new RunPlan(workingSize, chosen == colorMap ? imageHarmonizer : new ImageHarmonizer(chosen));
    }

    // The caller holds the turn, so the model runs one call at a time.
    private HarmonizationResult RunHoldingTurn(DecodedImage composite, MaskCoverage mask, RunPlan plan, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var harmonized = plan.Runner.Harmonize(composite, mask, plan.WorkingSize);
        var result = harmonized.SixteenBit is { } sixteenBit
            ? new HarmonizationResult(sixteenBit, Name)
            : new HarmonizationResult(harmonized.EightBit!, Name);
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    // Checked here so the errors speak of HarmonizeOptions rather than the command line's --size.
    private int? ResolveWorkingSize(HarmonizeOptions options, DecodedImage composite)
    {
        int multiple = SizeMultiple;
        if (options.NativeSize || (options.WorkingSize is null && DefaultWorkingSize is null))
        {
            if (composite.Width % multiple != 0 || composite.Height % multiple != 0)
                throw new ArgumentException(
                    $"{Name} runs at the native size only on sides that are multiples of {multiple}, and the composite is {composite.Width}×{composite.Height}; " +
                    "use a working size instead (HarmonizeOptions.WorkingSize)", nameof(options));
            return null;
        }
        int size = options.WorkingSize ?? DefaultWorkingSize!.Value;
        if (size <= 0 || size % multiple != 0)
            throw new ArgumentException($"the working size must be a positive multiple of {multiple} for {Name}, got {size}", nameof(options));
        return size;
    }

    private static bool LooksLikePath(string value)
        => Path.HasExtension(value) || value.Contains(Path.DirectorySeparatorChar) || value.Contains(Path.AltDirectorySeparatorChar);
}
