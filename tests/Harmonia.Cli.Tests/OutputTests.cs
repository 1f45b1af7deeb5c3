using Harmonia.Cli.Errors;
using Harmonia.Cli.Output;

namespace Harmonia.Cli.Tests;

public class OverwriteGuardTests
{
    [Fact]
    public void Existing_file_is_refused_without_overwrite()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("out.png");
        File.WriteAllText(path, "old");

        var error = Assert.Throws<CliException>(() => OverwriteGuard.EnsureFileCanBeWritten(path, overwrite: false));

        Assert.Equal(path, error.What);
        Assert.Equal("exists; pass --overwrite to replace it", error.Why);
    }

    [Fact]
    public void Existing_file_is_accepted_with_overwrite_and_a_new_file_always()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("out.png");
        OverwriteGuard.EnsureFileCanBeWritten(path, overwrite: false);
        File.WriteAllText(path, "old");
        OverwriteGuard.EnsureFileCanBeWritten(path, overwrite: true);
    }

    [Fact]
    public void A_directory_is_not_a_valid_output_file_even_with_overwrite()
    {
        using var folder = new TemporaryFolder();

        var error = Assert.Throws<CliException>(() => OverwriteGuard.EnsureFileCanBeWritten(folder.Path, overwrite: true));

        Assert.Contains("is a directory", error.Why);
    }

    [Fact]
    public void Command_that_checks_its_output_fails_with_one_line_and_exit_1()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("out.png");
        File.WriteAllText(path, "old");
        var command = new ProbeCommand((settings, _) => OutputFileWriter.WriteAllText(settings.Out!, "new", overwrite: false));

        var result = CliHarness.RunWith(command, ["probe", "--out", path]);

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Equal([$"error: probe: {path}: exists; pass --overwrite to replace it"], result.ErrorLines);
        Assert.Equal("old", File.ReadAllText(path));
    }
}

public class OutputFileWriterTests
{
    [Fact]
    public void Writes_the_content_and_leaves_no_temporary_file()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("report.json");

        OutputFileWriter.WriteAllText(path, "{\"psnr\": 38.1}", overwrite: false);

        Assert.Equal("{\"psnr\": 38.1}", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Failure_while_writing_keeps_the_old_file_and_leaves_no_temporary_file()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("out.png");
        File.WriteAllText(path, "old");

        Assert.Throws<IOException>(() => OutputFileWriter.Write(path, overwrite: true, stream =>
        {
            stream.Write("partial"u8);
            throw new IOException("encoder failed halfway");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Dispose_without_commit_creates_nothing()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("out.png");

        using (var writer = OutputFileWriter.Create(path, overwrite: false))
        {
            writer.Stream.Write("abc"u8);
            Assert.True(File.Exists(writer.TemporaryPath));
            Assert.Equal(folder.Path, Path.GetDirectoryName(writer.TemporaryPath));
        }

        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Existing_target_is_refused_without_overwrite_and_replaced_with_it()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("out.txt");
        File.WriteAllText(path, "old");

        var error = Assert.Throws<CliException>(() => OutputFileWriter.WriteAllText(path, "new", overwrite: false));
        Assert.Equal(OverwriteGuard.ExistsReason, error.Why);
        Assert.Equal("old", File.ReadAllText(path));

        OutputFileWriter.WriteAllText(path, "new", overwrite: true);
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Target_created_by_someone_else_meanwhile_is_not_overwritten()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("out.txt");

        using var writer = OutputFileWriter.Create(path, overwrite: false);
        writer.Stream.Write("mine"u8);
        File.WriteAllText(path, "theirs");

        var error = Assert.Throws<CliException>(writer.Commit);
        Assert.Equal(OverwriteGuard.ExistsReason, error.Why);
        Assert.Equal("theirs", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Missing_parent_folders_are_created()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "a", "b", "out.bin");

        OutputFileWriter.WriteAllBytes(path, [1, 2, 3], overwrite: false);

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
    }
}
