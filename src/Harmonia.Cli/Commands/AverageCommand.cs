using System.CommandLine;
using System.Globalization;
using Harmonia.Cli.Conversion;
using Harmonia.Cli.Inference;
using Harmonia.Cli.Options;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia average</c>.</summary>
/// <param name="Inputs">The checkpoints whose weights are averaged.</param>
/// <param name="Output">The .safetensors file to write.</param>
/// <param name="Config">Model configuration to check the tensors against, or null.</param>
/// <param name="Overwrite">Whether an existing output may be replaced.</param>
/// <param name="TrainedOn">What the weights were trained on, for the file's <c>harmonia.trained_on</c>; null keeps the last input's.</param>
public sealed record AverageSettings(IReadOnlyList<string> Inputs, string Output, string? Config, bool Overwrite, string? TrainedOn = null);

/// <summary><c>harmonia average</c>: the element-wise mean of several checkpoints' weights, written as one
/// self-describing safetensors file (see <see cref="CheckpointConverter.Average"/>).</summary>
public sealed class AverageCommand : HarmoniaCommand<AverageSettings>
{
    private readonly Argument<string[]> inputs = new("IN")
    {
        Description = "Checkpoints of one architecture to average: training checkpoints, converted .safetensors or PyTorch .pth files.",
        // One is accepted by the parser so that the refusal can say what is missing (its own is "IN is missing").
        Arity = new ArgumentArity(1, 1000),
    };

    private readonly Option<string> output = new("--out", "-o")
    {
        Description = "The .safetensors file to write.",
        HelpName = "OUT.safetensors",
        Required = true,
    };
    private readonly Option<string?> config = SharedOptions.Config();
    private readonly Option<bool> overwrite = SharedOptions.Overwrite();
    private readonly Option<string?> trainedOn = SharedOptions.TrainedOn();

    /// <summary>Creates the command.</summary>
    public AverageCommand() : base(
        "average",
        "Average the weights of several checkpoints of one training run (stochastic weight averaging) into one .safetensors file " +
        "that runs on its own; snapshots of a run at a constant learning rate average to a model steadier than any one of them.")
    {
        Arguments.Add(inputs);
        Options.Add(output);
        Options.Add(config);
        Options.Add(overwrite);
        Options.Add(trainedOn);
        config.Description = "Model configuration (JSON). Without it the architecture is read from each file's metadata or tensor names.";
        inputs.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1) result.AddError($"IN: give at least two checkpoints to average (got one, '{result.Tokens[0].Value}')");
        });
        output.Validators.Add(result =>
        {
            if (SharedOptions.SafetensorsOutputError(result.GetValueOrDefault<string>()) is { } error) result.AddError(error);
        });
    }

    /// <inheritdoc />
    public override AverageSettings Bind(ParseResult parse) => new(
        Inputs: parse.GetRequiredValue(inputs),
        Output: parse.GetRequiredValue(output),
        Config: parse.GetValue(config),
        Overwrite: parse.GetValue(overwrite),
        TrainedOn: parse.GetValue(trainedOn));

    /// <inheritdoc />
    public override void Execute(AverageSettings settings, CliContext context)
    {
        var configJson = settings.Config is null ? null : ModelChoice.ReadConfig(settings.Config);
        var result = CheckpointConverter.Average(settings.Inputs, settings.Output, configJson, settings.Overwrite, DateTimeOffset.UtcNow, settings.TrainedOn);
        context.Status(string.Create(
            CultureInfo.InvariantCulture,
            $"wrote {settings.Output}: the mean of {settings.Inputs.Count} checkpoints of {result.Spec.Architecture.Name} ({result.Spec.ToJson()}), {result.TensorCount} tensors, {result.ParameterCount:N0} parameters"));
    }
}
