namespace Harmonia.Cli.Commands;

/// <summary>The one place where <c>harmonia</c>'s subcommands are registered, in the order --help lists them.</summary>
public static class CommandCatalog
{
    /// <summary>Creates a fresh instance of every subcommand.</summary>
    public static IReadOnlyList<HarmoniaCommand> CreateAll() =>
    [
        new RunCommand(),
        new TrainCommand(),
        new EvalCommand(),
        new SynthCommand(),
        new ConvertCommand(),
        new AverageCommand(),
        new ExportCommand(),
        new ModelsCommand(),
        new BenchCommand(),
        new ServeCommand(),
        new DemoCommand(),
        new PlotCommand(),
        new SheetCommand(),
    ];
}
