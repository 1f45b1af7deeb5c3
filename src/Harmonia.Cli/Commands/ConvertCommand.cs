using System.CommandLine;
using Harmonia.Cli.Options;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia convert</c>.</summary>
/// <param name="Input">The PyTorch checkpoint (.pth) to read.</param>
/// <param name="Output">The .safetensors file to write.</param>
/// <param name="Config">Model configuration to check the tensors against, or null.</param>
/// <param name="Overwrite">Whether an existing output may be replaced.</param>
public sealed record ConvertSettings(string Input, string Output, string? Config, bool Overwrite);

/// <summary><c>harmonia convert</c>: converts a PyTorch checkpoint to safetensors.</summary>
public sealed class ConvertCommand : HarmoniaCommand<ConvertSettings>
{
    private readonly Argument<string> input = new("IN.pth") { Description = "PyTorch checkpoint to read (the authors' released weights)." };
    private readonly Argument<string> output = new("OUT.safetensors") { Description = "safetensors file to write." };
    private readonly Option<string?> config = SharedOptions.Config();
    private readonly Option<bool> overwrite = SharedOptions.Overwrite();

    /// <summary>Creates the command.</summary>
    public ConvertCommand() : base("convert", "Convert a PyTorch checkpoint (.pth) to a .safetensors file.")
    {
        Arguments.Add(input);
        Arguments.Add(output);
        Options.Add(config);
        Options.Add(overwrite);
        config.Description = "Model configuration (JSON) to check the checkpoint's tensors against.";
    }

    /// <inheritdoc />
    public override ConvertSettings Bind(ParseResult parse) => new(
        Input: parse.GetRequiredValue(input),
        Output: parse.GetRequiredValue(output),
        Config: parse.GetValue(config),
        Overwrite: parse.GetValue(overwrite));

    /// <inheritdoc />
    public override void Execute(ConvertSettings settings, CliContext context) => throw NotAvailableYet();
}
