using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Harmonia.NN.Serialization;
using Harmonia.Tensors;

namespace Harmonia.NN.Tests.Serialization;

public class SafeTensorsFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("harmonia-safetensors-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>A safetensors image with the given header text (unpadded) and data buffer.</summary>
    private static byte[] Craft(string header, byte[]? buffer = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        buffer ??= [];
        var bytes = new byte[8 + json.Length + buffer.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        buffer.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    private static StateDict Sample()
    {
        var sd = new StateDict();
        sd.Add("conv.weight", Tensor.FromArray([1.5f, -2f, float.Epsilon, float.MaxValue, -0f, 3e-38f], 1, 2, 3));
        sd.Add("bn.num_batches_tracked", Tensor.FromArray([1234567f]), CheckpointDType.Int64);
        sd.Add("a.bias", Tensor.FromArray([0.25f, float.NegativeInfinity], 2));
        sd.Add("empty", Tensor.FromArray([], 0, 4));
        sd.Metadata["model"] = "hdnet";
        sd.Metadata["note"] = "ünïcode ✓";
        return sd;
    }

    [Fact]
    public void Round_trip_through_a_file_keeps_order_shapes_values_and_metadata()
    {
        var original = Sample();
        string path = Path.Combine(directory, "w.safetensors");

        SafeTensorsFile.Write(path, original);
        var read = SafeTensorsFile.Read(path);

        StateDictAssert.Identical(original, read);
        Assert.Equal(original.Metadata, read.Metadata);
        Assert.Equal(CheckpointDType.Int64, read.GetSourceDType("bn.num_batches_tracked"));
        Assert.Equal(CheckpointDType.Float32, read.GetSourceDType("conv.weight"));
    }

    [Fact]
    public void Written_header_is_space_padded_to_8_bytes_and_stores_int64_sources_as_I64()
    {
        var bytes = SafeTensorsFile.ToBytes(Sample());
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);

        Assert.Equal(0UL, headerLength % 8);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        var counter = header.RootElement.GetProperty("bn.num_batches_tracked");
        Assert.Equal("I64", counter.GetProperty("dtype").GetString());
        long begin = counter.GetProperty("data_offsets")[0].GetInt64();
        Assert.Equal(1234567L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8 + (int)headerLength + (int)begin)));
        Assert.Equal("F32", header.RootElement.GetProperty("conv.weight").GetProperty("dtype").GetString());
        Assert.Equal("hdnet", header.RootElement.GetProperty("__metadata__").GetProperty("model").GetString());
    }

    [Fact]
    public void File_and_memory_readers_agree_and_writer_matches_ToBytes()
    {
        string path = Path.Combine(directory, "w.safetensors");
        SafeTensorsFile.Write(path, Sample());

        Assert.Equal(SafeTensorsFile.ToBytes(Sample()), File.ReadAllBytes(path));
        StateDictAssert.Identical(SafeTensorsFile.Read(path), SafeTensorsFile.Read(File.ReadAllBytes(path)));
    }

    [Fact]
    public void Reads_every_supported_dtype_written_by_python()
    {
        var read = SafeTensorsFile.Read(CheckpointTestData.Checkpoint("dtypes.safetensors"));
        var expected = SafeTensorsFile.Read(CheckpointTestData.Checkpoint("dtypes.expected.safetensors"));

        StateDictAssert.Identical(expected, read);
        Assert.Equal("make_checkpoints.py", read.Metadata["written_by"]);
        Assert.Equal(CheckpointDType.Float16, read.GetSourceDType("f16"));
        Assert.Equal(CheckpointDType.BFloat16, read.GetSourceDType("bf16"));
        Assert.Equal(CheckpointDType.Float64, read.GetSourceDType("f64"));
        Assert.Equal(CheckpointDType.Int64, read.GetSourceDType("i64"));
        Assert.Equal(CheckpointDType.Int32, read.GetSourceDType("i32"));
        Assert.Equal(CheckpointDType.UInt8, read.GetSourceDType("u8"));
        Assert.Equal(CheckpointDType.Bool, read.GetSourceDType("flags"));
        // Spot values, independent of the Python-written expectation file.
        Assert.Equal([0.5f, -1.25f, 65504f, (float)(Half)1e-4f], read["f16"].Data);
        Assert.Equal([0f, -7f, 1099511627776f, 123456792f], read["i64"].Data);
        Assert.Equal([1f, 0f, 1f], read["flags"].Data);
        Assert.Equal([-128f, 127f, -1f], read["i8"].Data);
    }

    [Fact]
    public void Reads_the_parity_fixtures_in_header_order()
    {
        var sd = SafeTensorsFile.Read(CheckpointTestData.Fixture("hdnet-ngf4", "weights.safetensors"));

        Assert.Equal(65, sd.Count);
        Assert.Equal("model_layer0.weight", sd.Keys[0]);
        Assert.Equal("hdnet-ngf4", sd.Metadata["model"]);
    }

    [Fact]
    public void Overwrites_an_existing_file_and_leaves_no_temporary_files()
    {
        string path = Path.Combine(directory, "w.safetensors");
        File.WriteAllText(path, "old content");

        SafeTensorsFile.Write(path, Sample());

        StateDictAssert.Identical(Sample(), SafeTensorsFile.Read(path));
        Assert.Equal(["w.safetensors"], Directory.GetFiles(directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Failed_write_removes_its_temporary_file()
    {
        // The target is a directory, so the final rename fails after the data was written.
        string target = Path.Combine(directory, "taken");
        Directory.CreateDirectory(target);

        Assert.ThrowsAny<IOException>(() => SafeTensorsFile.Write(target, Sample()));

        Assert.Empty(Directory.GetFiles(directory));
        Assert.True(Directory.Exists(target));
    }

    [Fact]
    public void Refuses_to_write_reserved_names_or_non_integral_int64_values()
    {
        var reserved = new StateDict();
        reserved.Add("__metadata__", Tensor.FromArray([1f], 1));
        Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(Path.Combine(directory, "x"), reserved));

        var fractional = new StateDict();
        fractional.Add("count", Tensor.FromArray([2.5f]), CheckpointDType.Int64);
        var error = Assert.Throws<ArgumentException>(() => SafeTensorsFile.ToBytes(fractional));
        Assert.Contains("'count'", error.Message);
        Assert.Empty(Directory.GetFiles(directory));
    }

    public static TheoryData<string, string> MalformedHeaders => new()
    {
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}""", "not well-formed JSON" },
        { """[1,2]""", "must be a JSON object" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,12]}}""", "needs 8" },
        { """{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", "runs past" },
        { """{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "leaves a gap" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "overlaps" },
        { """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "cover 4 bytes but the data buffer holds 8" },
        { """{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", "non-negative integer" },
        { """{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}""", "non-negative integer" },
        { """{"a":{"dtype":"F32","shape":[4294967296],"data_offsets":[0,8]}}""", "larger than this engine supports" },
        { """{"a":{"dtype":"F32","shape":[65536,65536,65536],"data_offsets":[0,8]}}""", "more elements than one buffer can hold" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", "end before they begin" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}""", "'data_offsets' pair" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,18446744073709551615]}}""", "non-negative integer" },
        { """{"a":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}""", "unsupported dtype 'C64'" },
        { """{"a":{"shape":[2],"data_offsets":[0,8]}}""", "no string 'dtype'" },
        { """{"a":{"dtype":"F32","data_offsets":[0,8]}}""", "no 'shape' array" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "names 'a' twice" },
        { """{"__metadata__":{"epoch":3},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "metadata value 'epoch' must be a string" },
        { """{"__metadata__":[],"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "must be an object of strings" },
        { """{"a":7}""", "must be described by an object" },
        // A lone surrogate escape is well-formed JSON but no Unicode text (issue 13, defect 1).
        { """{"\ud800":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "a tensor name that is not valid Unicode" },
        { """{"a":{"dtype":"F3\ud800","shape":[2],"data_offsets":[0,8]}}""", "the dtype of tensor 'a' that is not valid Unicode" },
        { """{"__metadata__":{"note":"\udfff"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "metadata value 'note' that is not valid Unicode" },
        { """{"__metadata__":{"\ud800x":"1"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "a metadata key that is not valid Unicode" },
    };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public void Malformed_headers_are_refused_with_the_problem_named(string header, string problem)
    {
        var bytes = Craft(header, new byte[8]);

        var error = Assert.Throws<CheckpointFormatException>(() => SafeTensorsFile.Read(bytes, "crafted.safetensors"));

        Assert.Contains(problem, error.Message);
        Assert.StartsWith("crafted.safetensors: ", error.Message);
    }

    [Fact]
    public void Header_length_is_checked_before_anything_is_allocated()
    {
        var tooLong = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(tooLong, ulong.MaxValue);
        Assert.Contains("exceeds", Assert.Throws<CheckpointFormatException>(() => SafeTensorsFile.Read(tooLong)).Message);

        BinaryPrimitives.WriteUInt64LittleEndian(tooLong, 9);
        Assert.Contains("runs past the end", Assert.Throws<CheckpointFormatException>(() => SafeTensorsFile.Read(tooLong)).Message);

        Assert.Contains("too short", Assert.Throws<CheckpointFormatException>(() => SafeTensorsFile.Read(new byte[5])).Message);
    }

    [Fact]
    public void File_reader_names_the_file_in_errors()
    {
        string path = Path.Combine(directory, "broken.safetensors");
        File.WriteAllBytes(path, Craft("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}""", new byte[8]));

        var error = Assert.Throws<CheckpointFormatException>(() => SafeTensorsFile.Read(path));

        Assert.Equal(path, error.Checkpoint);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Zero_sized_tensors_and_scalars_are_read()
    {
        var scalar = BitConverter.GetBytes(2.5f);
        var bytes = Craft("""{"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"e":{"dtype":"F64","shape":[0,7],"data_offsets":[4,4]}}""", scalar);

        var sd = SafeTensorsFile.Read(bytes);

        Assert.Equal(0, sd["s"].Rank);
        Assert.Equal(2.5f, sd["s"].Item());
        Assert.Equal([0, 7], sd["e"].Shape);
    }
}
