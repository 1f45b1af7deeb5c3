using System.IO.Compression;
using System.Text;

namespace Harmonia.NN.Serialization.Torch;

/// <summary>
/// The zip container <c>torch.save</c> writes since PyTorch 1.6: <c>&lt;name&gt;/data.pkl</c>
/// (the pickled object), <c>&lt;name&gt;/data/&lt;key&gt;</c> (one raw storage per key),
/// optionally <c>&lt;name&gt;/byteorder</c> and <c>&lt;name&gt;/version</c>. Reads entries with
/// their sizes checked against the archive, and wraps zip errors as <see cref="CheckpointFormatException"/>.
/// </summary>
internal sealed class TorchZipArchive : IDisposable
{
    /// <summary>The pickle describing the object is small even for huge models; anything bigger is not a checkpoint.</summary>
    private const long MaxPickleBytes = 256L << 20;

    /// <summary>Deflate cannot expand data by more than about 1032:1, so a larger claimed size is a lie.</summary>
    private const long MaxDeflateRatio = 1032;

    private readonly ZipArchive archive;
    private readonly long archiveLength;
    private readonly string prefix;
    private readonly ImportBudget budget;
    private readonly string source;
    private readonly Dictionary<string, TorchStorage> storages = new(StringComparer.Ordinal);

    private TorchZipArchive(ZipArchive archive, long archiveLength, string prefix, ImportBudget budget, string source)
    {
        this.archive = archive;
        this.archiveLength = archiveLength;
        this.prefix = prefix;
        this.budget = budget;
        this.source = source;
    }

    /// <summary>Whether the checkpoint's <c>byteorder</c> record says big-endian (absent means little-endian).</summary>
    public bool BigEndian { get; private set; }

    /// <summary>Opens the archive and finds its record prefix and byte order.</summary>
    public static TorchZipArchive Open(Stream stream, ImportBudget budget, string source)
    {
        var archive = Guard(source, "cannot open the zip archive", () => new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true));
        try
        {
            var pickles = Guard(source, "cannot list the zip archive", () => archive.Entries
                .Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
                .Select(e => e.FullName[..^"/data.pkl".Length])
                .ToList());
            if (pickles.Count == 0)
                throw new CheckpointFormatException(source, "zip archive has no '<name>/data.pkl' record, so it is not a torch.save checkpoint");
            if (pickles.Count > 1)
                throw new CheckpointFormatException(source, $"zip archive has {pickles.Count} '<name>/data.pkl' records ({string.Join(", ", pickles.Take(5))}); expected one");

            var result = new TorchZipArchive(archive, stream.Length, pickles[0], budget, source);
            result.BigEndian = result.ReadByteOrder();
            return result;
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>The bytes of <c>data.pkl</c>.</summary>
    public byte[] ReadPickle()
    {
        string name = $"{prefix}/data.pkl";
        var entry = FindEntry(name) ?? throw new CheckpointFormatException(source, $"zip entry '{name}' is missing");
        long length = Guard(source, $"cannot read zip entry '{name}'", () => entry.Length);
        if (length > MaxPickleBytes)
            throw new CheckpointFormatException(source, $"'{name}' claims {length} bytes, more than the {MaxPickleBytes}-byte limit for the pickled structure");
        budget.Charge(length, $"'{name}'");
        return ReadEntry(entry, length);
    }

    /// <summary>
    /// The storage <c>data/&lt;key&gt;</c>, read once and cached; its size must be exactly
    /// <paramref name="numel"/> elements of <paramref name="dtype"/>, as the pickle declares.
    /// </summary>
    public TorchStorage LoadStorage(string key, CheckpointDType dtype, long numel)
    {
        if (storages.TryGetValue(key, out var cached))
        {
            if (cached.DType != dtype || cached.Numel != numel)
                throw new CheckpointFormatException(source, $"storage '{key}' is referenced both as {cached.Numel} × {cached.DType} and as {numel} × {dtype}");
            return cached;
        }
        if (key.Length == 0 || key.Length > 256 || key.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-' && c != '.'))
            throw new CheckpointFormatException(source, $"storage key '{Truncate(key)}' is not a valid archive name");

        string name = $"{prefix}/data/{key}";
        var entry = FindEntry(name) ?? throw new CheckpointFormatException(source, $"storage '{key}' is missing from the archive (no entry '{name}')");
        long length = Guard(source, $"cannot read zip entry '{name}'", () => entry.Length);
        int elementSize = dtype.ElementSize();
        if (numel > Array.MaxLength / elementSize || length != numel * elementSize)
            throw new CheckpointFormatException(source, $"storage '{key}' holds {length} bytes but is declared as {numel} elements of {dtype} ({(double)numel * elementSize} bytes)");
        budget.ChargeStorage(length, numel, $"storage '{key}'");
        var storage = new TorchStorage(key, dtype, numel, ReadEntry(entry, length), BigEndian);
        storages.Add(key, storage);
        return storage;
    }

    public void Dispose() => archive.Dispose();

    private bool ReadByteOrder()
    {
        string name = $"{prefix}/byteorder";
        var entry = FindEntry(name);
        if (entry is null) return false;
        long length = Guard(source, $"cannot read zip entry '{name}'", () => entry.Length);
        if (length > 16)
            throw new CheckpointFormatException(source, $"'{name}' holds {length} bytes; expected 'little' or 'big'");
        string order = Encoding.ASCII.GetString(ReadEntry(entry, length)).Trim();
        return order switch
        {
            "little" => false,
            "big" => true,
            _ => throw new CheckpointFormatException(source, $"'{name}' says '{order}'; expected 'little' or 'big'"),
        };
    }

    private ZipArchiveEntry? FindEntry(string name) =>
        Guard(source, "cannot list the zip archive", () => archive.GetEntry(name));

    /// <summary>
    /// Reads an entry whose declared uncompressed size is <paramref name="length"/>, after
    /// checking that size is plausible for the bytes actually in the archive.
    /// </summary>
    private byte[] ReadEntry(ZipArchiveEntry entry, long length)
    {
        string what = $"cannot read zip entry '{entry.FullName}'";
        long compressed = Guard(source, what, () => entry.CompressedLength);
        if (compressed < 0 || compressed > archiveLength || length < 0 || length > Math.Max(compressed, 1) * MaxDeflateRatio || length > Array.MaxLength)
            throw new CheckpointFormatException(source, $"zip entry '{entry.FullName}' declares {length} bytes from {compressed} compressed bytes, which the {archiveLength}-byte archive cannot hold");
        return Guard(source, what, () =>
        {
            var bytes = new byte[length];
            using var stream = entry.Open();
            stream.ReadExactly(bytes);
            return bytes;
        });
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>Runs a zip operation, turning the exceptions System.IO.Compression uses for corrupt archives into format errors.</summary>
    private static T Guard<T>(string source, string what, Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            throw new CheckpointFormatException(source, $"{what}: the zip archive is corrupt ({e.Message})", e);
        }
    }
}
