using System.CommandLine;

namespace Harmonia.Cli.Options;

/// <summary>
/// Options that several commands share, defined once so their names, value syntax and help text agree
/// everywhere. Each call returns a new instance for one command.
/// </summary>
public static class SharedOptions
{
    /// <summary><c>--model NAME</c>: a built-in preset (see <c>harmonia models</c>).</summary>
    /// <param name="purpose">What the model is for, completing "Built-in model preset ...", e.g. "to train".</param>
    /// <param name="whenOmitted">What happens without the option, for the help text; null when there is no default.</param>
    public static Option<string?> Model(string purpose, string? whenOmitted = null) => new("--model")
    {
        Description = $"Built-in model preset {purpose}; list them with 'harmonia models'."
                      + (whenOmitted is null ? "" : $" Default: {whenOmitted}."),
        HelpName = "NAME",
    };

    /// <summary><c>--config CFG.json</c>: a model configuration file instead of a preset.</summary>
    public static Option<string?> Config() => new("--config")
    {
        Description = "Model configuration file (JSON), instead of a preset.",
        HelpName = "CFG.json",
    };

    /// <summary><c>--weights W</c>: trained weights in PyTorch (.pth) or safetensors format.</summary>
    public static Option<string?> Weights() => new("--weights", "-w")
    {
        Description = "Trained weights to load: a PyTorch checkpoint (.pth) or a .safetensors file.",
        HelpName = "W.pth|W.safetensors",
    };

    /// <summary><c>--size native|N</c>, optional (null when omitted).</summary>
    public static Option<ProcessingSize?> OptionalSize(string whenOmitted) => new("--size", "-s")
    {
        Description = $"Working resolution: 'native' (the image's own size) or a side length N (resize to NxN and back). Default: {whenOmitted}.",
        HelpName = "native|N",
        CustomParser = result => ProcessingSize.TryParse(result.Tokens[0].Value, out var size, out var error)
            ? size
            : Fail<ProcessingSize?>(result, error!),
    };

    /// <summary><c>--size native|N</c> with a default.</summary>
    public static Option<ProcessingSize> Size(ProcessingSize defaultValue) => new("--size", "-s")
    {
        Description = "Working resolution: 'native' (the image's own size) or a side length N (resize to NxN and back).",
        HelpName = "native|N",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ProcessingSize.TryParse(result.Tokens[0].Value, out var size, out var error)
            ? size
            : Fail(result, error!, defaultValue),
    };

    /// <summary><c>--data ROOT</c>: the root folder of the datasets (required).</summary>
    public static Option<string> DataRoot() => new("--data")
    {
        Description = "Root folder of the datasets (holds one folder per subset).",
        HelpName = "ROOT",
        Required = true,
    };

    /// <summary><c>--subsets A[,B]</c>: comma-separated subset names (required).</summary>
    public static Option<IReadOnlyList<string>> Subsets() => new("--subsets")
    {
        Description = "Comma-separated subset names under the data root, e.g. HAdobe5k,HFlickr.",
        HelpName = "A[,B...]",
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            var names = text.Split(',', StringSplitOptions.TrimEntries);
            if (names.Any(name => name.Length == 0))
                return Fail<IReadOnlyList<string>>(result, $"--subsets expects comma-separated names without empty entries, got '{text}'.", []);
            return names;
        },
    };

    /// <summary><c>--output color-map|dense</c>: how a network's result reaches the picture.</summary>
    public static Option<string> Output()
    {
        var option = new Option<string>("--output")
        {
            Description = "How a network's result reaches the picture: color-map (default: one colour transform of the object fitted to the network's output, so texture and detail stay the photo's) or dense (the network's own pixels, as the authors' code gives them).",
            HelpName = "color-map|dense",
            DefaultValueFactory = _ => "color-map",
        };
        option.AcceptOnlyFromAmong(Harmonia.Models.OutputModeNames.All);
        return option;
    }

    /// <summary><c>--min-change LEVELS</c>: the colour map's <see cref="Harmonia.Models.ColorMapHarmonizer.MinimumChange"/>.</summary>
    public static Option<double> MinimumChange()
    {
        var option = new Option<double>("--min-change")
        {
            Description = "With the color-map output: a change smaller than this many 8-bit levels (root mean square over the object) is taken for noise and not applied, and a larger one of size d is scaled by 1 - (LEVELS/d)^2, so a photo that needs no fix is left alone; 0 applies the network's change in full.",
            HelpName = "LEVELS",
            DefaultValueFactory = _ => Harmonia.Models.ColorMapHarmonizer.DefaultMinimumChange,
        };
        option.Validators.Add(result =>
        {
            double value = result.GetValueOrDefault<double>();
            if (!Harmonia.Models.ColorMapHarmonizer.IsValidMinimumChange(value))
                result.AddError($"--min-change expects a number of 8-bit levels from 0 to 255, got {value}.");
        });
        return option;
    }

    /// <summary><c>--color-guard on|off|DEGREES,KEPT</c>: the colour map's <see cref="Harmonia.Models.ColorMapHarmonizer.ColorGuard"/>.</summary>
    public static Option<Harmonia.Models.ColorGuard> ColorGuard()
    {
        var option = new Option<Harmonia.Models.ColorGuard>("--color-guard")
        {
            Description = $"With the color-map output: the most the object's mean hue may turn (degrees) and the least share of its chroma it keeps; a change beyond either is scaled back until the object keeps its colour family. 'on' is {Harmonia.Models.ColorGuard.Default}, 'off' applies the map as fitted.",
            HelpName = "on|off|DEGREES,KEPT",
            DefaultValueFactory = _ => Harmonia.Models.ColorGuard.Default,
            CustomParser = result =>
            {
                string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                try
                {
                    return Harmonia.Models.ColorGuard.Parse(text);
                }
                catch (FormatException error)
                {
                    result.AddError($"--color-guard {error.Message}.");
                    return Harmonia.Models.ColorGuard.Default;
                }
            },
        };
        return option;
    }

    /// <summary><c>--overwrite</c>: allow replacing existing outputs.</summary>
    public static Option<bool> Overwrite() => new("--overwrite")
    {
        Description = "Replace outputs that already exist (without it, an existing output is an error).",
    };

    /// <summary>The error for a weights output that does not end in .safetensors, or null when it does.</summary>
    public static string? SafetensorsOutputError(string? path) =>
        path is not null && !path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? $"OUT.safetensors '{path}' must end in .safetensors."
            : null;

    /// <summary><c>--trained-on TEXT</c>: the line a weights file gives as what it was trained on.</summary>
    public static Option<string?> TrainedOn() => new("--trained-on")
    {
        Description = "One line saying what the weights were trained on (the file's harmonia.trained_on, which 'harmonia models' shows); default: the input's.",
        HelpName = "TEXT",
    };

    private static T Fail<T>(System.CommandLine.Parsing.ArgumentResult result, string error, T placeholder = default!)
    {
        result.AddError(error);
        return placeholder;
    }
}
