using Spectre.Console;
using Spectre.Console.Rendering;

namespace Harmonia.Cli.Reporting;

// Spectre's own count and speed columns assume bytes; these show items in the reporter's unit.
// A task with an unknown total is marked indeterminate and its MaxValue is only a ceiling.

/// <summary>Live-bar column: "120/1000 images (12%)".</summary>
internal sealed class CountColumn(string unit) : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(ProgressFormat.Count((long)task.Value, task.IsIndeterminate ? null : (long)task.MaxValue, unit));
}

/// <summary>Live-bar column: "3.42 images/s".</summary>
internal sealed class RateColumn(string unit) : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        task.Speed is { } speed ? new Text(ProgressFormat.Rate(speed, unit)) : new Text("");
}

/// <summary>Live-bar column: "ETA 4m 05s".</summary>
internal sealed class EtaColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        if (task.IsIndeterminate || task.Speed is not { } speed)
            return new Text("");
        var remaining = ProgressFormat.EstimateRemaining((long)task.Value, (long)task.MaxValue, speed);
        return new Text(remaining is null ? "" : $"ETA {ProgressFormat.Duration(remaining.Value)}");
    }
}
