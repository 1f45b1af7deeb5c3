using System.Numerics;
using Harmonia.NN.Serialization.Pickle;
using Harmonia.NN.Serialization.Torch;

namespace Harmonia.NN.Serialization;

/// <summary>
/// Imports the tensors of a PyTorch checkpoint written by <c>torch.save</c> (the zip format of
/// PyTorch 1.6 and later) without running any of its code. The pickle inside is read by a
/// restricted unpickler that knows only how to rebuild tensors and dicts; any other Python
/// global (<c>os.system</c>, <c>builtins.eval</c>, a model class…) is refused.
/// </summary>
/// <remarks>
/// <para>The checkpoint may be a state_dict itself, or a dict that wraps one under
/// <c>state_dict</c>, <c>model_state_dict</c>, <c>model</c>, <c>net</c> or <c>state_dict_ema</c>
/// (tried in that order); other values next to the tensors (epoch counters, optimizer state)
/// are skipped. A <c>module.</c> prefix on every name (nn.DataParallel) is removed.</para>
/// <para>Tensors of any float, integer or bool dtype are converted to float32 and contiguous
/// row-major layout; <see cref="StateDict.GetSourceDType"/> reports the original dtype.</para>
/// <para>Not supported: the legacy pre-1.6 format, whole pickled modules (<c>torch.save(model)</c>),
/// and wrapper values that need other globals (a NumPy scalar, an argparse.Namespace): those
/// are refused, because honouring them would mean running code from the file.</para>
/// </remarks>
public static class PyTorchCheckpoint
{
    /// <summary>The default cap on the bytes an import may allocate for storages and tensors together (4 GiB).</summary>
    public const long DefaultMaxBytes = 4L << 30;

    /// <summary>What <c>torch.save</c>'s legacy format writes as its first pickle.</summary>
    private static readonly BigInteger LegacyMagicNumber = BigInteger.Parse("119547037146038801333356");

    /// <summary>The first bytes a legacy (non-zip) checkpoint may need to reveal what it is.</summary>
    private const int MaxPlainPickleBytes = 16 << 20;

    /// <summary>Reads the state dict a checkpoint file holds.</summary>
    /// <param name="path">A file written by <c>torch.save</c>.</param>
    /// <param name="maxBytes">Refuse checkpoints whose storages and tensors would need more memory than this.</param>
    /// <exception cref="CheckpointFormatException">The file is malformed, unsupported, or asks for code to be run.</exception>
    public static StateDict Read(string path, long maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(stream, path, maxBytes);
    }

    /// <summary>Reads the state dict from a seekable stream holding a whole checkpoint.</summary>
    /// <param name="stream">A readable, seekable stream that holds exactly one checkpoint; it is read from its start.</param>
    /// <param name="sourceName">What to call the checkpoint in error messages.</param>
    /// <param name="maxBytes">Refuse checkpoints whose storages and tensors would need more memory than this.</param>
    /// <exception cref="CheckpointFormatException">The data is malformed, unsupported, or asks for code to be run.</exception>
    public static StateDict Read(Stream stream, string sourceName, long maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (!stream.CanRead || !stream.CanSeek)
            throw new ArgumentException("The checkpoint stream must be readable and seekable.", nameof(stream));
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);

        var budget = new ImportBudget(maxBytes, sourceName);
        // Zip offsets are absolute, so the checkpoint must start at the stream's first byte.
        stream.Position = 0;
        Span<byte> signature = stackalloc byte[4];
        int signatureLength = stream.ReadAtLeast(signature, signature.Length, throwOnEndOfStream: false);
        stream.Position = 0;

        if (signatureLength == 4 && signature[0] == 'P' && signature[1] == 'K')
            return ReadZip(stream, budget, sourceName);
        if (signatureLength >= 1 && signature[0] == 0x80)
            throw ExplainPlainPickle(stream, budget, sourceName);
        throw new CheckpointFormatException(sourceName, "not a PyTorch checkpoint: it is neither a zip archive nor a pickle");
    }

    private static StateDict ReadZip(Stream stream, ImportBudget budget, string source)
    {
        using var archive = TorchZipArchive.Open(stream, budget, source);
        byte[] pickle = archive.ReadPickle();
        var policy = new TorchUnpicklerPolicy(archive.LoadStorage, budget, pickle.Length, source);
        var root = new RestrictedUnpickler(pickle, policy, source, "data.pkl").Load();
        return StateDictLocator.Locate(root, source);
    }

    /// <summary>
    /// A file that starts with a pickle is either the legacy torch format or a plain pickle. Its
    /// first pickle is run through the restricted unpickler anyway, so that a malicious pickle
    /// is reported as such; then the legacy format's magic number identifies old checkpoints.
    /// </summary>
    private static CheckpointFormatException ExplainPlainPickle(Stream stream, ImportBudget budget, string source)
    {
        var head = new byte[(int)Math.Min(stream.Length, MaxPlainPickleBytes)];
        stream.ReadExactly(head);
        var policy = new TorchUnpicklerPolicy(loadStorage: null, budget, head.Length, source);
        var first = new RestrictedUnpickler(head, policy, source, "pickle").Load();
        if (first is BigInteger magic && magic == LegacyMagicNumber)
            return new CheckpointFormatException(source, "this is the legacy (pre-1.6) torch.save format, which is not supported; re-save it with a newer PyTorch: torch.save(torch.load(path), path)");
        return new CheckpointFormatException(source, "this is a plain pickle, not a torch.save zip checkpoint");
    }
}
