using Harmonia.Cli.Errors;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Cli.Tests;

public class ErrorLineTests
{
    [Fact]
    public void CliException_keeps_what_and_why()
    {
        var line = ErrorLine.FromException(new CliException("model.pth", "truncated file"), "run");

        Assert.Equal("error: run: model.pth: truncated file", line.ToString());
    }

    [Fact]
    public void Missing_directory_names_the_path_from_the_runtime_message()
    {
        var folder = Path.Combine(Path.GetTempPath(), "harmonia-no-such-dir-" + Guid.NewGuid().ToString("N"));
        var exception = Assert.ThrowsAny<DirectoryNotFoundException>(() => File.WriteAllText(Path.Combine(folder, "x.txt"), ""));

        var line = ErrorLine.FromException(exception, "run");

        Assert.StartsWith($"error: run: {folder}", line.ToString());
        Assert.EndsWith(": a folder on this path does not exist", line.ToString());
    }

    [Fact]
    public void Permission_denied_names_the_path()
    {
        var line = ErrorLine.FromException(new UnauthorizedAccessException("Access to the path '/root/secret' is denied."), "run");

        Assert.Equal("error: run: /root/secret: permission denied", line.ToString());
    }

    [Fact]
    public void ArgumentException_drops_the_parameter_name_and_reads_as_a_problem()
    {
        var line = ErrorLine.FromException(new ArgumentException("Mask and composite sizes differ.", "mask"), "run");

        Assert.Equal("error: run: mask and composite sizes differ", line.ToString());
    }

    [Fact]
    public void InvalidDataException_uses_the_command_and_message()
    {
        var line = ErrorLine.FromException(new InvalidDataException("bad header"), "convert");

        Assert.Equal("error: convert: bad header", line.ToString());
    }

    [Fact]
    public void Harmonia_library_exceptions_are_reported_with_their_message()
    {
        var line = ErrorLine.FromException(new ImageFormatException("not a PNG or JPEG file"), "run");

        Assert.Equal("error: run: not a PNG or JPEG file", line.ToString());
    }

    [Fact]
    public void Runtime_exceptions_of_system_types_are_internal_errors()
    {
        var exception = Assert.ThrowsAny<InvalidOperationException>(() => new List<int>().First());

        var line = ErrorLine.FromException(exception, "run");

        Assert.StartsWith("error: run: internal error (InvalidOperationException):", line.ToString());
    }

    [Fact]
    public void Single_cause_wrappers_are_unwrapped()
    {
        var wrapped = new AggregateException(new System.Reflection.TargetInvocationException(new CliException("a.png", "empty file")));

        Assert.Equal("error: run: a.png: empty file", ErrorLine.FromException(wrapped, "run").ToString());
    }

    [Fact]
    public void Parallel_failures_report_the_first_cause()
    {
        var exception = Assert.ThrowsAny<AggregateException>(() => Parallel.For(0, 4, i => throw new CliException($"img{i}.png", "truncated file")));

        var line = ErrorLine.FromException(exception, "run").ToString();

        Assert.Matches(@"^error: run: img\d\.png: truncated file$", line);
    }

    [Fact]
    public void Multi_line_messages_become_one_line()
    {
        var line = ErrorLine.FromException(new IOException("first line\nsecond line\r\n  third"), "run");

        Assert.Equal("error: run: first line second line third", line.ToString());
    }

    [Theory]
    [InlineData("Unknown image format (first bytes 00).", "unknown image format (first bytes 00)")]
    [InlineData("A folder is missing.", "a folder is missing")]
    [InlineData("PNG and JPEG are supported.", "PNG and JPEG are supported")]
    [InlineData("already lower case", "already lower case")]
    [InlineData("I/O stopped...", "I/O stopped...")]
    public void Problems_start_in_lower_case_without_a_closing_full_stop_and_keep_acronyms(string message, string problem)
    {
        Assert.Equal(problem, ErrorLine.AsProblem(message));
    }

    [Fact]
    public void An_exception_naming_its_own_command_has_no_subject()
    {
        Assert.Equal("error: run: 2 of 5 pairs failed", ErrorLine.FromException(new CliException("run", "2 of 5 pairs failed"), "run").ToString());
    }
}
