namespace Harmonia.Cli;

/// <summary>Entry point of the <c>harmonia</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("error: harmonia: the command line is not built yet");
        return 1;
    }
}
