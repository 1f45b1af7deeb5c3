using System.CommandLine;
using System.Globalization;
using Harmonia.Cli.Conversion;
using Harmonia.Cli.Inference;
using Harmonia.Cli.Options;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia convert</c>.</summary>
/// <param name="Input">The PyTorch checkpoint (.pth) to read.</param>
/// <param name="Output">The .safetensors file to write.</param>
/// <param name="Config">Model configuration to check the tensors against, or null.</param>
/// <param name="Overwrite">Whether an existing output may be replaced.</param>
/// <param name="TrainedOn">What the weights were trained on, for the file's <c>harmonia.trained_on</c>; null keeps the input's.</param>
public sealed record ConvertSettings(string Input, string Output, string? Config, bool Overwrite, string? TrainedOn = null);

/// <summary><c>harmonia convert</c>: converts a PyTorch checkpoint to a self-describing safetensors file
/// (see <see cref="CheckpointConverter"/>).</summary>
public sealed class ConvertCommand : HarmoniaCommand<ConvertSettings>
{
    private readonly Argument<string> input = new("IN.pth")
    {
        Description = "Checkpoint to read: a PyTorch state_dict saved with torch.save (.pth, .pt, .ckpt), or a .safetensors file.",
    };

    private readonly Argument<string> output = new("OUT.safetensors")
    {
        Description = "safetensors file to write, with the model spec and provenance (source name, SHA-256, date) in its metadata.",
    };
    private readonly Option<string?> config = SharedOptions.Config();
    private readonly Option<bool> overwrite = SharedOptions.Overwrite();
    private readonly Option<string?> trainedOn = SharedOptions.TrainedOn();

    /// <summary>Creates the command.</summary>
    public ConvertCommand() : base(
        "convert",
        "Convert a PyTorch checkpoint (.pth) to a .safetensors file that runs on its own (harmonia run --weights OUT.safetensors). " +
        "The weights are checked by building the network and loading every tensor strictly before anything is written.")
    {
        Arguments.Add(input);
        Arguments.Add(output);
        Options.Add(config);
        Options.Add(overwrite);
        Options.Add(trainedOn);
        config.Description = "Model configuration (JSON), e.g. {\"architecture\":\"hdnet\",\"ngf\":8}. Without it the architecture is read from the tensor names and shapes.";

        output.Validators.Add(result =>
        {
            if (SharedOptions.SafetensorsOutputError(result.GetValueOrDefault<string>()) is { } error) result.AddError(error);
        });
    }

    /// <inheritdoc />
    public override ConvertSettings Bind(ParseResult parse) => new(
        Input: parse.GetRequiredValue(input),
        Output: parse.GetRequiredValue(output),
        Config: parse.GetValue(config),
        Overwrite: parse.GetValue(overwrite),
        TrainedOn: parse.GetValue(trainedOn));

    /// <inheritdoc />
    public override void Execute(ConvertSettings settings, CliContext context)
    {
        var configJson = settings.Config is null ? null : ModelChoice.ReadConfig(settings.Config);
        var result = CheckpointConverter.Convert(settings.Input, settings.Output, configJson, settings.Overwrite, DateTimeOffset.UtcNow, settings.TrainedOn);
        context.Status(string.Create(
            CultureInfo.InvariantCulture,
            $"wrote {settings.Output}: {result.Spec.Architecture.Name} ({result.SpecSource} spec {result.Spec.ToJson()}), {result.TensorCount} tensors, {result.ParameterCount:N0} parameters"));
    }
}
