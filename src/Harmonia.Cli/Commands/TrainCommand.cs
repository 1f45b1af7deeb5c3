using System.CommandLine;
using Harmonia.Cli.Options;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia train</c>. Exactly one of <see cref="Model"/> and <see cref="Config"/> is set;
/// at most one of <see cref="Epochs"/> and <see cref="Steps"/>.</summary>
/// <param name="Model">Preset to train, or null.</param>
/// <param name="Config">Model configuration file, or null.</param>
/// <param name="DataRoot">Root folder of the datasets.</param>
/// <param name="Subsets">Subset names to train on.</param>
/// <param name="RunDirectory">Where checkpoints and logs go.</param>
/// <param name="Epochs">Training length in epochs, or null.</param>
/// <param name="Steps">Training length in optimizer steps, or null (both null: the trainer's default length).</param>
/// <param name="BatchSize">Images per step, or null for the model's default.</param>
/// <param name="Size">Training resolution (square side length).</param>
/// <param name="LearningRate">Learning rate, or null for the model's default.</param>
/// <param name="Resume">Continue from the last checkpoint in <paramref name="RunDirectory"/>.</param>
public sealed record TrainSettings(
    string? Model,
    string? Config,
    string DataRoot,
    IReadOnlyList<string> Subsets,
    string RunDirectory,
    int? Epochs,
    int? Steps,
    int? BatchSize,
    int Size,
    double? LearningRate,
    bool Resume);

/// <summary><c>harmonia train</c>: trains a model on harmonization datasets.</summary>
public sealed class TrainCommand : HarmoniaCommand<TrainSettings>
{
    private readonly Option<string?> model = SharedOptions.Model("to train");
    private readonly Option<string?> config = SharedOptions.Config();
    private readonly Option<string> data = SharedOptions.DataRoot();
    private readonly Option<IReadOnlyList<string>> subsets = SharedOptions.Subsets();

    private readonly Option<string> output = new("--out")
    {
        Description = "Run folder for checkpoints, logs and the final weights.",
        HelpName = "RUNDIR",
        Required = true,
    };

    private readonly Option<int?> epochs = NumberOptions.OptionalWholeNumber("--epochs", "Train for N passes over the data.", min: 1);
    private readonly Option<int?> steps = NumberOptions.OptionalWholeNumber("--steps", "Train for N optimizer steps (instead of --epochs).", min: 1);
    private readonly Option<int?> batch = NumberOptions.OptionalWholeNumber("--batch", "Images per step (default: the model's).", min: 1, max: 4096, helpName: "B");
    private readonly Option<int> size = NumberOptions.WholeNumber("--size", "Training resolution: images are resized to NxN.", defaultValue: 256, min: 16, max: ProcessingSize.MaxPixels);
    private readonly Option<double?> learningRate = NumberOptions.OptionalPositiveNumber("--lr", "Learning rate (default: the model's).");

    private readonly Option<bool> resume = new("--resume")
    {
        Description = "Continue from the last checkpoint in the run folder instead of starting fresh.",
    };

    /// <summary>Creates the command and its option rules.</summary>
    public TrainCommand() : base("train", "Train a model (--model or --config) on harmonization datasets.")
    {
        Options.Add(model);
        Options.Add(config);
        Options.Add(data);
        Options.Add(subsets);
        Options.Add(output);
        Options.Add(epochs);
        Options.Add(steps);
        Options.Add(batch);
        Options.Add(size);
        Options.Add(learningRate);
        Options.Add(resume);

        OptionRules.ExactlyOneOf(this, model, config);
        OptionRules.MutuallyExclusive(this, epochs, steps);
    }

    /// <inheritdoc />
    public override TrainSettings Bind(ParseResult parse) => new(
        Model: parse.GetValue(model),
        Config: parse.GetValue(config),
        DataRoot: parse.GetRequiredValue(data),
        Subsets: parse.GetRequiredValue(subsets),
        RunDirectory: parse.GetRequiredValue(output),
        Epochs: parse.GetValue(epochs),
        Steps: parse.GetValue(steps),
        BatchSize: parse.GetValue(batch),
        Size: parse.GetValue(size),
        LearningRate: parse.GetValue(learningRate),
        Resume: parse.GetValue(resume));

    /// <inheritdoc />
    public override void Execute(TrainSettings settings, CliContext context) => throw NotAvailableYet();
}
