using System.CommandLine;
using Harmonia.Cli.Inference;
using Harmonia.Cli.Options;
using Harmonia.Models;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia serve</c>.</summary>
/// <param name="Host">Address to listen on.</param>
/// <param name="Port">TCP port to listen on.</param>
/// <param name="WeightsByModel">Weights files by preset name, from <c>--model NAME --weights PATH</c> pairs.</param>
/// <param name="DefaultModel">The first <c>--model</c> given: the page's default when it loads; null when none was given.</param>
public sealed record ServeSettings(string Host, int Port, IReadOnlyDictionary<string, string>? WeightsByModel = null, string? DefaultModel = null);

/// <summary><c>harmonia serve</c>: starts the web interface.</summary>
public sealed class ServeCommand : HarmoniaCommand<ServeSettings>
{
    private readonly Option<string> host = new("--host")
    {
        Description = "Address to listen on; use 0.0.0.0 to accept connections from other machines.",
        HelpName = "ADDRESS",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    private readonly Option<int> port = NumberOptions.WholeNumber("--port", "TCP port to listen on.", defaultValue: 8080, min: 1, max: 65535, helpName: "PORT");

    private readonly Option<string[]> models = new("--model")
    {
        Description = "A preset to serve with the weights given by the --weights that follows it (repeatable: " +
                      "--model hdnet --weights a.pth --model phnet --weights b.pth). The first one is the page's default. " +
                      "Without --weights it only picks the default.",
        HelpName = "NAME",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<string[]> weights = new("--weights", "-w")
    {
        Description = "Weights (.pth or .safetensors) for the --model before it; one per --model.",
        HelpName = "W.pth|W.safetensors",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Creates the command.</summary>
    public ServeCommand() : base("serve", "Start the web interface for harmonizing images in a browser.")
    {
        Options.Add(host);
        Options.Add(port);
        port.Aliases.Add("-p");
        Options.Add(models);
        Options.Add(weights);
        models.AcceptOnlyFromAmong([.. ModelCatalog.Presets.Select(preset => preset.Name)]);
        Validators.Add(result =>
        {
            var names = result.GetValue(models) ?? [];
            var files = result.GetValue(weights) ?? [];
            if (files.Length > 0 && files.Length != names.Length)
                result.AddError($"give one --weights per --model, in pairs (--model NAME --weights PATH); got {names.Length} --model and {files.Length} --weights.");
            else if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
                result.AddError("each --model may be given once.");
        });
    }

    /// <inheritdoc />
    public override ServeSettings Bind(ParseResult parse)
    {
        var names = parse.GetValue(models) ?? [];
        var files = parse.GetValue(weights) ?? [];
        var weightsByModel = files.Length == 0
            ? null
            : names.Zip(files).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
        return new ServeSettings(parse.GetRequiredValue(host), parse.GetValue(port), weightsByModel, names.FirstOrDefault());
    }

    /// <inheritdoc />
    public override void Execute(ServeSettings settings, CliContext context)
    {
        // A weights file that does not exist is a mistake in the command, found before the server starts.
        foreach (var (model, path) in settings.WeightsByModel ?? new Dictionary<string, string>())
            if (!File.Exists(path))
                throw new Errors.CliException(path, $"file not found (the weights given for --model {model})");
        var options = new Harmonia.Web.ServerOptions
        {
            Host = settings.Host,
            Port = settings.Port,
            BundledModelsDirectory = BundledModels.Directory,
            WeightsByModel = settings.WeightsByModel ?? new Dictionary<string, string>(),
            DefaultModel = settings.DefaultModel,
        };
        // Serves until Ctrl-C; the server prints its URL, which models it could load, and one line per request.
        Harmonia.Web.HarmoniaServer.RunAsync(options, context.Cancellation).GetAwaiter().GetResult();
    }
}
