using System.Runtime.InteropServices;
using System.Text;

namespace Harmonia.Tensors.Files;

/// <summary>
/// Flushes a directory to disk. A rename is a change to the directory, not to the file: until
/// the directory itself is flushed, a power loss can undo it, leaving the old file or none.
/// Atomic writers call this after renaming a finished file into place. It lives in the lowest
/// layer so that the image writers (Imaging) and the checkpoint writer (NN) share one copy.
/// </summary>
/// <remarks>
/// .NET has no API for it (its file handles refuse directories), so on Linux and macOS this
/// calls the C library's <c>open</c>, <c>fsync</c> and <c>close</c>, which every process already
/// has loaded. On Windows, where a rename is journaled by the file system, it does nothing.
/// </remarks>
public static unsafe class DirectorySync
{
    private static readonly LibC? Functions = LibC.Load();

    /// <summary>
    /// Flushes <paramref name="directory"/>'s entries (names, renames) to disk. Returns false when
    /// this platform or file system offers no way to (Windows, a file system that refuses to sync
    /// directories, a directory this process may not open).
    /// </summary>
    /// <exception cref="IOException">The file system reported a write error while flushing.</exception>
    public static bool Flush(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (Functions is not { } libc)
            return false;
        byte[] path = Encoding.UTF8.GetBytes(directory + "\0");
        int descriptor;
        fixed (byte* p = path)
            descriptor = libc.Open(p, 0 /* O_RDONLY */);
        if (descriptor < 0)
            return false; // e.g. a folder we may write into but not list: the rename is all we can do
        try
        {
            if (libc.Fsync(descriptor) == 0)
                return true;
            int error = Marshal.GetLastSystemError();
            // EINVAL / EROFS / ENOTSUP: the file system does not sync directories; nothing was lost.
            if (error is Errno.Invalid or Errno.ReadOnly or Errno.NotSupportedLinux or Errno.NotSupportedMac)
                return false;
            throw new IOException($"{directory}: flushing the folder to disk failed (errno {error}); the last file written there may not survive a power loss.");
        }
        finally
        {
            libc.Close(descriptor);
        }
    }

    private static class Errno
    {
        public const int Invalid = 22, ReadOnly = 30, NotSupportedLinux = 95, NotSupportedMac = 45;
    }

    private sealed class LibC
    {
        public delegate* unmanaged<byte*, int, int> Open;
        public delegate* unmanaged<int, int> Fsync;
        public delegate* unmanaged<int, int> Close;

        public static LibC? Load()
        {
            string? name = OperatingSystem.IsLinux() ? "libc.so.6" : OperatingSystem.IsMacOS() ? "/usr/lib/libSystem.dylib" : null;
            if (name is null || !NativeLibrary.TryLoad(name, out nint library))
                return null;
            if (!NativeLibrary.TryGetExport(library, "open", out nint open)
                || !NativeLibrary.TryGetExport(library, "fsync", out nint fsync)
                || !NativeLibrary.TryGetExport(library, "close", out nint close))
                return null;
            return new LibC
            {
                Open = (delegate* unmanaged<byte*, int, int>)open,
                Fsync = (delegate* unmanaged<int, int>)fsync,
                Close = (delegate* unmanaged<int, int>)close,
            };
        }
    }
}
