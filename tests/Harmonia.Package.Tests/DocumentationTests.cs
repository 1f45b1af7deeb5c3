using System.Text.RegularExpressions;

namespace Harmonia.Package.Tests;

/// <summary>The shell examples of docs/scale-out.md are at least valid bash (checked with <c>bash -n</c>).</summary>
public partial class DocumentationTests
{
    [Fact]
    public void Every_bash_example_in_the_scale_out_guide_parses()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "Harmonia.sln"))) repository = repository.Parent!;
        var guide = File.ReadAllText(Path.Combine(repository.FullName, "docs", "scale-out.md"));

        var blocks = BashBlock().Matches(guide).Select(m => Unindent(m.Groups["body"].Value, m.Groups["indent"].Value)).ToArray();

        Assert.True(blocks.Length >= 4, $"expected the guide's bash examples, found {blocks.Length}");
        foreach (var block in blocks)
        {
            var script = Path.GetTempFileName();
            try
            {
                File.WriteAllText(script, block);
                var check = DotnetCommand.Run("bash", Path.GetTempPath(), null, "-n", script);
                Assert.True(check.ExitCode == 0, $"bash -n rejects:\n{block}\n{check.Error}");
            }
            finally
            {
                File.Delete(script);
            }
        }
    }

    // Code blocks may sit indented under a list item; the fence's indentation is removed from each line.
    private static string Unindent(string body, string indent)
        => string.Join('\n', body.Split('\n').Select(line => line.StartsWith(indent, StringComparison.Ordinal) ? line[indent.Length..] : line));

    [GeneratedRegex(@"^(?<indent> *)```bash\n(?<body>.*?)^\k<indent>```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex BashBlock();
}
