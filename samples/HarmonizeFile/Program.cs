// Harmonizes one composite with the Harmonia package:
//   dotnet run -- COMPOSITE MASK OUTPUT [MODEL | WEIGHTS-FILE]
// MODEL is one of Harmonizer.Models (default hdnet-lite); a .safetensors or .pth path loads those weights.
using Harmonia;

if (args.Length is < 3 or > 4)
{
    Console.Error.WriteLine("usage: HarmonizeFile COMPOSITE MASK OUTPUT [MODEL | WEIGHTS-FILE]");
    Console.Error.WriteLine($"models: {string.Join(", ", Harmonizer.Models)} (bundled: {string.Join(", ", Harmonizer.BundledModels)})");
    return 2;
}

// Ctrl+C cancels cleanly instead of killing the process mid-write.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };

try
{
    using var harmonizer = args.Length == 4 ? Harmonizer.Load(args[3]) : Harmonizer.Load();
    var result = harmonizer.Harmonize(args[0], args[1], cancellationToken: cancellation.Token);
    result.Save(args[2]);
    Console.WriteLine($"{args[2]}: {result.Width}x{result.Height}, harmonized by {result.Model}");
    return 0;
}
catch (Exception error) when (error is HarmoniaException or IOException or ArgumentException)
{
    // Library errors name the input or file at fault, so one line is enough.
    Console.Error.WriteLine($"error: {error.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
