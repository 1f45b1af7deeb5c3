using System.IO.Compression;
using Harmonia.NN.Serialization;

namespace Harmonia.NN.Tests.Serialization;

/// <summary>
/// Seeded random corruption of real checkpoints: whatever the damage, a reader either returns a
/// state dict or throws <see cref="CheckpointFormatException"/>; no other exception, crash or hang.
/// </summary>
public class CheckpointFuzzTests
{
    private const int Iterations = 2000;

    /// <summary>Keeps a corrupted size field from making a test allocate gigabytes.</summary>
    private const long FuzzBudget = 4 << 20;

    private enum Outcome { Loaded, Refused }

    /// <summary>One of several kinds of damage: flipped bytes, a truncation, a random run, an insertion, a repeated chunk.</summary>
    private static byte[] Mutate(byte[] original, Random random, int protectPrefix = 0)
    {
        var bytes = original.ToList();
        int Position() => random.Next(protectPrefix, Math.Max(protectPrefix + 1, bytes.Count));
        switch (random.Next(5))
        {
            case 0:
                for (int i = random.Next(1, 9); i > 0 && bytes.Count > protectPrefix; i--)
                    bytes[Position() % bytes.Count] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                int cut = Math.Min(Position(), bytes.Count);
                bytes.RemoveRange(cut, bytes.Count - cut);
                break;
            case 2:
                int start = Math.Min(Position(), bytes.Count);
                for (int i = start; i < Math.Min(bytes.Count, start + random.Next(1, 17)); i++) bytes[i] = (byte)random.Next(256);
                break;
            case 3:
                var inserted = new byte[random.Next(1, 9)];
                random.NextBytes(inserted);
                bytes.InsertRange(Math.Min(Position(), bytes.Count), inserted);
                break;
            default:
                int from = Math.Min(Position(), bytes.Count);
                int length = Math.Min(random.Next(1, 33), bytes.Count - from);
                bytes.InsertRange(Math.Min(Position(), bytes.Count), bytes.GetRange(from, length));
                break;
        }
        return bytes.ToArray();
    }

    private static Dictionary<Outcome, int> Fuzz(byte[] original, int seed, Func<byte[], StateDict> read, Func<byte[], Random, byte[]> mutate)
    {
        var random = new Random(seed);
        var outcomes = new Dictionary<Outcome, int> { [Outcome.Loaded] = 0, [Outcome.Refused] = 0 };
        for (int i = 0; i < Iterations; i++)
        {
            var mutated = mutate(original, random);
            try
            {
                read(mutated);
                outcomes[Outcome.Loaded]++;
            }
            catch (CheckpointFormatException)
            {
                outcomes[Outcome.Refused]++;
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed}, iteration {i}: {e.GetType().Name} escaped: {e.Message}\n{e.StackTrace}");
            }
        }
        return outcomes;
    }

    private static StateDict ReadPth(byte[] bytes) => PyTorchCheckpoint.Read(new MemoryStream(bytes), "fuzzed.pth", FuzzBudget);

    [Theory]
    [InlineData("dtypes.pth", 1)]
    [InlineData("views.pth", 2)]
    [InlineData("wrapped_state_dict.pth", 3)]
    public void Corrupted_pth_files_only_ever_raise_CheckpointFormatException(string file, int seed)
    {
        var original = File.ReadAllBytes(CheckpointTestData.Checkpoint(file));

        var outcomes = Fuzz(original, seed, ReadPth, (bytes, random) => Mutate(bytes, random));

        // Both paths were exercised: the damage was sometimes harmless, sometimes fatal.
        Assert.True(outcomes[Outcome.Loaded] > 0, "no mutation loaded");
        Assert.True(outcomes[Outcome.Refused] > 0, "no mutation was refused");
    }

    [Theory]
    [InlineData("dtypes.pth", 11)]
    [InlineData("views.pth", 12)]
    [InlineData("wrapped_state_dict.pth", 13)]
    public void Corrupted_pickles_in_intact_archives_only_ever_raise_CheckpointFormatException(string file, int seed)
    {
        // Damage data.pkl only and re-pack it, so every case reaches the unpickler.
        var (pickle, others) = Unpack(File.ReadAllBytes(CheckpointTestData.Checkpoint(file)));

        var outcomes = Fuzz(pickle, seed, mutated => ReadPth(Pack(mutated, others)), (bytes, random) => Mutate(bytes, random, protectPrefix: 2));

        Assert.True(outcomes[Outcome.Loaded] > 0, "no mutation loaded");
        Assert.True(outcomes[Outcome.Refused] > Iterations / 2, $"only {outcomes[Outcome.Refused]} mutations were refused");
    }

    [Fact]
    public void Corrupted_safetensors_only_ever_raise_CheckpointFormatException()
    {
        var original = File.ReadAllBytes(CheckpointTestData.Checkpoint("dtypes.safetensors"));
        // Aim most of the damage at the length prefix and the header, where the structure is.
        int headerEnd = 8 + (int)BitConverter.ToUInt64(original, 0);
        var header = original[..headerEnd];
        var data = original[headerEnd..];

        var outcomes = Fuzz(original, 21, bytes => SafeTensorsFile.Read(bytes, "fuzzed.safetensors"),
            (bytes, random) => random.Next(4) == 0 ? Mutate(bytes, random) : [.. Mutate(header, random), .. data]);

        Assert.True(outcomes[Outcome.Loaded] > 0, "no mutation loaded");
        Assert.True(outcomes[Outcome.Refused] > Iterations / 2, $"only {outcomes[Outcome.Refused]} mutations were refused");
    }

    private static (byte[] Pickle, List<(string Name, byte[] Content)> Others) Unpack(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        byte[]? pickle = null;
        var others = new List<(string, byte[])>();
        foreach (var entry in archive.Entries)
        {
            using var stream = entry.Open();
            var content = new MemoryStream();
            stream.CopyTo(content);
            if (entry.FullName.EndsWith("/data.pkl", StringComparison.Ordinal)) pickle = content.ToArray();
            else others.Add((entry.FullName, content.ToArray()));
        }
        return (pickle ?? throw new InvalidDataException("no data.pkl"), others);
    }

    private static byte[] Pack(byte[] pickle, List<(string Name, byte[] Content)> others)
    {
        var prefix = others[0].Name[..others[0].Name.IndexOf('/')];
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in others.Prepend(($"{prefix}/data.pkl", pickle)))
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
                stream.Write(content);
            }
        }
        return output.ToArray();
    }
}
