using System.Text;
using Harmonia.Tensors.Files;

namespace Harmonia.Tensors.Tests.Files;

public sealed class AtomicFileWriterTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("harmonia-atomic-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string[] FileNames() => Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).Order().ToArray()!;

    [Fact]
    public void WritesContentAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(directory, "out.txt");
        AtomicFileWriter.WriteAllText(path, "héllo");
        Assert.Equal("héllo", File.ReadAllText(path));
        Assert.Equal(["out.txt"], FileNames());
    }

    [Fact]
    public void ReplacesAnExistingFile()
    {
        string path = Path.Combine(directory, "out.txt");
        File.WriteAllText(path, "old content that is longer");
        AtomicFileWriter.WriteAllText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["out.txt"], FileNames());
    }

    [Fact]
    public void FailureWhileWritingLeavesTheOldFileAndNoPartialFile()
    {
        string path = Path.Combine(directory, "summary.json");
        File.WriteAllText(path, "previous");

        var ex = Assert.Throws<IOException>(() => AtomicFileWriter.Write(path, stream =>
        {
            stream.Write(Encoding.UTF8.GetBytes("half of the new con"));
            throw new IOException("simulated disk failure");
        }));

        Assert.Equal("simulated disk failure", ex.Message);
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(["summary.json"], FileNames());
    }

    [Fact]
    public void FailureOnANewPathCreatesNothing()
    {
        string path = Path.Combine(directory, "new.csv");
        Assert.Throws<InvalidOperationException>(() => AtomicFileWriter.Write(path, _ => throw new InvalidOperationException("boom")));
        Assert.Empty(FileNames());
    }

    [Fact]
    public void FailureAtTheFinalMoveCleansUpTheTemporaryFile()
    {
        // The destination is a directory, so the rename fails after the content was fully written.
        string path = Path.Combine(directory, "taken");
        Directory.CreateDirectory(path);
        Assert.ThrowsAny<Exception>(() => AtomicFileWriter.WriteAllText(path, "content"));
        Assert.Equal(["taken"], FileNames());
        Assert.Empty(Directory.GetFileSystemEntries(path));
    }

    [Fact]
    public void MissingDirectoryIsReportedByName()
    {
        string missing = Path.Combine(directory, "no-such-dir");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => AtomicFileWriter.WriteAllText(Path.Combine(missing, "x.md"), "x"));
        Assert.Contains("no-such-dir", ex.Message);
    }

    [Fact]
    public void WithoutOverwriteAnExistingTargetIsKeptAndTheTemporaryFileRemoved()
    {
        string path = Path.Combine(directory, "out.txt");
        File.WriteAllText(path, "theirs");
        Assert.Throws<IOException>(() => AtomicFileWriter.WriteAllText(path, "mine", overwrite: false));
        Assert.Equal("theirs", File.ReadAllText(path));
        Assert.Equal(["out.txt"], FileNames());
    }

    [Fact]
    public void DisposingWithoutCommitLeavesNothing()
    {
        string path = Path.Combine(directory, "out.bin");
        using (var writer = AtomicFileWriter.Create(path))
        {
            writer.Stream.Write([1, 2, 3]);
            Assert.True(File.Exists(writer.TemporaryPath));
        }
        Assert.Empty(FileNames());
    }
}
