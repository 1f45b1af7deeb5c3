using Harmonia.Tensors.Files;

namespace Harmonia.Imaging.Tests;

public sealed class AtomicFileWriterTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("harmonia-atomic-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Writer_failing_midway_leaves_the_old_file_intact_and_no_temporary_file()
    {
        string path = Path.Combine(directory, "target.bin");
        File.WriteAllBytes(path, [9, 9, 9]);

        Assert.Throws<InvalidOperationException>(() => AtomicFileWriter.Write(path, stream =>
        {
            stream.Write(new byte[10_000]); // part of the new content is already written...
            throw new InvalidOperationException("simulated failure"); // ...when writing fails
        }));

        Assert.Equal([9, 9, 9], File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(directory));
    }

    [Fact]
    public void Failure_to_replace_removes_the_temporary_file()
    {
        // The target is a directory, so the final rename fails after the content was written.
        string path = Path.Combine(directory, "occupied");
        Directory.CreateDirectory(path);

        Assert.ThrowsAny<Exception>(() => AtomicFileWriter.WriteAllBytes(path, [1, 2, 3]));

        Assert.True(Directory.Exists(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(directory));
    }

    [Fact]
    public void Writes_new_file_with_exact_content()
    {
        string path = Path.Combine(directory, "new.bin");
        AtomicFileWriter.WriteAllBytes(path, [4, 5, 6, 7]);
        Assert.Equal([4, 5, 6, 7], File.ReadAllBytes(path));
        Assert.Single(Directory.GetFileSystemEntries(directory));
    }
}

public sealed class DirectorySyncTests
{
    [Fact]
    public void Flushes_a_directory_on_linux_and_macos()
    {
        var directory = Directory.CreateTempSubdirectory("harmonia-dirsync-");
        try
        {
            bool flushed = DirectorySync.Flush(directory.FullName);

            // Where the C library is reachable the flush must really happen; Windows has nothing to flush.
            Assert.Equal(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), flushed);
        }
        finally
        {
            directory.Delete();
        }
    }

    [Fact]
    public void A_directory_that_cannot_be_opened_is_reported_as_not_flushed()
    {
        Assert.False(DirectorySync.Flush(Path.Combine(Path.GetTempPath(), "harmonia-no-such-dir-" + Guid.NewGuid().ToString("N"))));
    }
}
