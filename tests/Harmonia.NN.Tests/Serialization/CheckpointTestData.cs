namespace Harmonia.NN.Tests.Serialization;

/// <summary>Locates the committed test data (tests/data) from the test binary's directory.</summary>
internal static class CheckpointTestData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "data");
            if (Directory.Exists(Path.Combine(candidate, "fixtures"))) return candidate;
        }
        throw new DirectoryNotFoundException($"tests/data not found above {AppContext.BaseDirectory}");
    });

    /// <summary>The parity fixture folders, one per model configuration.</summary>
    public static readonly string[] FixtureNames = ["hdnet-ngf8", "hdnet-ngf4", "phnet-tiny", "phnet-ffhqh-tiny"];

    /// <summary>A file of a parity fixture, e.g. <c>Fixture("phnet-tiny", "weights.pth")</c>.</summary>
    public static string Fixture(string name, string file) => Path.Combine(Root.Value, "fixtures", name, file);

    /// <summary>A file written by tests/data/checkpoints/make_checkpoints.py.</summary>
    public static string Checkpoint(string file) => Path.Combine(Root.Value, "checkpoints", file);

    /// <summary>A hostile input of tests/data/robustness (found by fuzzing, issue 13).</summary>
    public static string Hostile(string file) => Path.Combine(Root.Value, "robustness", file);
}
