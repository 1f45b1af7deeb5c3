using System.Globalization;
using Harmonia.Models;
using Harmonia.NN;
using Harmonia.NN.Serialization;
using Harmonia.Tensors;
using Harmonia.Training.Optimizers;
using Harmonia.Training.Recipes;

namespace Harmonia.Training.Checkpoints;

/// <summary>
/// The contents of a training checkpoint: ONE safetensors file holding the model's
/// parameters and buffers under their state_dict names, the optimizer state under
/// <see cref="OptimizerPrefix"/>, and metadata: the <see cref="ModelSpec"/> JSON under
/// <see cref="ModelCatalog.SpecMetadataKey"/> (so the file alone runs with
/// <c>harmonia run --weights</c>), the recipe, the position (step, epoch, best PSNR, loader
/// seed, RNG state, elapsed time) and a format version.
/// </summary>
/// <remarks>
/// Inference readers must ignore the optimizer entries: use <see cref="ModelOnly"/>.
/// </remarks>
public static class TrainingCheckpoint
{
    /// <summary>The version written in <see cref="FormatKey"/>; readers refuse other versions.</summary>
    public const int FormatVersion = 1;

    /// <summary>Prefix of the optimizer-state tensors, e.g. <c>optimizer.model_layer0.weight.exp_avg</c>.</summary>
    public const string OptimizerPrefix = StateDict.OptimizerStatePrefix;

    /// <summary>Metadata key of the checkpoint format version.</summary>
    public const string FormatKey = "harmonia.checkpoint_format";
    /// <summary>Metadata key of the recipe JSON.</summary>
    public const string RecipeKey = "harmonia.recipe";
    /// <summary>Metadata key of the number of steps taken.</summary>
    public const string StepKey = "harmonia.step";
    /// <summary>Metadata key of the epoch of the next step.</summary>
    public const string EpochKey = "harmonia.epoch";
    /// <summary>Metadata key of the batches per epoch of the training data.</summary>
    public const string BatchesPerEpochKey = "harmonia.batches_per_epoch";
    /// <summary>Metadata key of the best validation PSNR (absent before any validation).</summary>
    public const string BestPsnrKey = "harmonia.best_psnr";
    /// <summary>Metadata key of the step of the best validation PSNR.</summary>
    public const string BestStepKey = "harmonia.best_step";
    /// <summary>Metadata key of the data loader's seed.</summary>
    public const string LoaderSeedKey = "harmonia.loader_seed";
    /// <summary>Metadata key of the RNG state: six 16-digit hexadecimal words separated by commas.</summary>
    public const string RngStateKey = "harmonia.rng_state";
    /// <summary>Metadata key of the training time so far, in seconds.</summary>
    public const string ElapsedKey = "harmonia.elapsed_seconds";

    /// <summary>Metadata key: what the weights were trained on (read by <c>harmonia models</c>).</summary>
    public const string TrainedOnKey = "harmonia.trained_on";

    /// <summary>
    /// Assembles a checkpoint of <paramref name="network"/> and <paramref name="optimizer"/> at
    /// <paramref name="position"/>; <paramref name="trainedOn"/> describes the training data.
    /// </summary>
    public static StateDict Compose(TrainingRecipe recipe, Module network, Optimizer optimizer, TrainingPosition position, string? trainedOn = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(position);
        var state = network.ToStateDict();
        foreach (var (name, tensor) in optimizer.ExportState())
            state.Add(OptimizerPrefix + name, tensor);

        var metadata = state.Metadata;
        metadata[FormatKey] = FormatVersion.ToString(CultureInfo.InvariantCulture);
        metadata[ModelCatalog.SpecMetadataKey] = recipe.Spec.ToJson();
        metadata[RecipeKey] = recipe.ToJson();
        metadata[StepKey] = Text(position.Step);
        metadata[EpochKey] = Text(position.Epoch);
        metadata[BatchesPerEpochKey] = Text(position.BatchesPerEpoch);
        if (position.BestPsnr is { } best)
        {
            metadata[BestPsnrKey] = best.ToString("R", CultureInfo.InvariantCulture);
            metadata[BestStepKey] = Text(position.BestStep ?? position.Step);
        }
        metadata[LoaderSeedKey] = position.LoaderSeed.ToString(CultureInfo.InvariantCulture);
        metadata[RngStateKey] = string.Join(",", position.RngState.Select(w => w.ToString("x16", CultureInfo.InvariantCulture)));
        metadata[ElapsedKey] = position.ElapsedSeconds.ToString("R", CultureInfo.InvariantCulture);
        if (trainedOn is not null) metadata[TrainedOnKey] = trainedOn;
        return state;
    }

    /// <summary>
    /// Reads a checkpoint written by <see cref="Compose"/>, checking its format and metadata.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The file is not a readable safetensors file.</exception>
    /// <exception cref="InvalidDataException">It is not a Harmonia training checkpoint of a known version, or its metadata are damaged.</exception>
    public static TrainingCheckpointContents Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var state = SafeTensorsFile.Read(path);
        var metadata = state.Metadata;
        if (!metadata.TryGetValue(FormatKey, out var format))
            throw new InvalidDataException($"{path} is not a Harmonia training checkpoint (no {FormatKey} metadata); plain weights files cannot be resumed");
        if (format != FormatVersion.ToString(CultureInfo.InvariantCulture))
            throw new InvalidDataException($"{path} has training checkpoint format {format}; this version of Harmonia reads format {FormatVersion}");

        var recipe = TrainingRecipe.FromJson(Required(metadata, RecipeKey, path));
        var rngWords = Required(metadata, RngStateKey, path).Split(',');
        var rngState = new ulong[rngWords.Length];
        for (int i = 0; i < rngWords.Length; i++)
            if (!ulong.TryParse(rngWords[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out rngState[i]))
                throw new InvalidDataException($"{path}: {RngStateKey} word {i} ('{rngWords[i]}') is not a hexadecimal number");
        if (rngState.Length != 6)
            throw new InvalidDataException($"{path}: {RngStateKey} has {rngState.Length} words, expected 6");

        var position = new TrainingPosition(
            Step: Integer(metadata, StepKey, path),
            Epoch: Integer(metadata, EpochKey, path),
            BatchesPerEpoch: Integer(metadata, BatchesPerEpochKey, path),
            BestPsnr: metadata.ContainsKey(BestPsnrKey) ? Real(metadata, BestPsnrKey, path) : null,
            BestStep: metadata.ContainsKey(BestStepKey) ? Integer(metadata, BestStepKey, path) : null,
            LoaderSeed: ulong.TryParse(Required(metadata, LoaderSeedKey, path), NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
                ? seed : throw new InvalidDataException($"{path}: {LoaderSeedKey} is not a whole number"),
            RngState: rngState,
            ElapsedSeconds: Real(metadata, ElapsedKey, path));
        if (position.BatchesPerEpoch < 1 || position.Epoch != position.Step / position.BatchesPerEpoch)
            throw new InvalidDataException($"{path}: step {position.Step}, epoch {position.Epoch} and {position.BatchesPerEpoch} batches per epoch do not agree");

        var optimizerState = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in state)
            if (name.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
                optimizerState.Add(name[OptimizerPrefix.Length..], tensor);
        return new TrainingCheckpointContents(recipe, position, ModelOnly(state), optimizerState);
    }

    /// <summary>
    /// The model's own entries of a checkpoint — everything except the optimizer state — with
    /// the metadata, ready for <see cref="Module.LoadStateDict(StateDict, string)"/>. A plain
    /// weights file comes back unchanged (as a copy).
    /// </summary>
    public static StateDict ModelOnly(StateDict checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var model = new StateDict();
        foreach (var (name, tensor) in checkpoint)
            if (!name.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
                model.Add(name, tensor, checkpoint.GetSourceDType(name));
        foreach (var (key, value) in checkpoint.Metadata) model.Metadata[key] = value;
        return model;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Required(Dictionary<string, string> metadata, string key, string path)
        => metadata.TryGetValue(key, out var value) ? value : throw new InvalidDataException($"{path} lacks the {key} metadata");

    private static int Integer(Dictionary<string, string> metadata, string key, string path)
        => int.TryParse(Required(metadata, key, path), NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value : throw new InvalidDataException($"{path}: {key} is not a non-negative whole number");

    private static double Real(Dictionary<string, string> metadata, string key, string path)
        => double.TryParse(Required(metadata, key, path), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value : throw new InvalidDataException($"{path}: {key} is not a finite number");
}
