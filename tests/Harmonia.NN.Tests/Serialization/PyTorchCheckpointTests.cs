using Harmonia.NN.Serialization;

namespace Harmonia.NN.Tests.Serialization;

public class PyTorchCheckpointTests
{
    public static TheoryData<string> Fixtures => new(CheckpointTestData.FixtureNames);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_pth_imports_to_exactly_the_safetensors_weights(string fixture)
    {
        var fromPth = PyTorchCheckpoint.Read(CheckpointTestData.Fixture(fixture, "weights.pth"));
        var fromSafeTensors = SafeTensorsFile.Read(CheckpointTestData.Fixture(fixture, "weights.safetensors"));

        Assert.True(fromPth.Count > 60);
        // The fixtures' safetensors writer (NumPy's ascontiguousarray) stored PyTorch's 0-d
        // num_batches_tracked as shape [1]; the .pth keeps the true shape []. Compare those
        // entries by value and everything else exactly.
        var scalarsStoredAsVectors = fromPth.Keys.Where(k => fromPth[k].Shape.Length == 0).ToList();
        foreach (var name in scalarsStoredAsVectors)
        {
            Assert.EndsWith(".num_batches_tracked", name);
            Assert.Equal([1], fromSafeTensors[name].Shape);
            Assert.Equal(fromSafeTensors[name].Data, fromPth[name].Data);
            fromSafeTensors[name] = fromSafeTensors[name].Reshape();
        }
        StateDictAssert.Identical(fromSafeTensors, fromPth);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Num_batches_tracked_is_int64_in_pth_and_float32_in_safetensors(string fixture)
    {
        var fromPth = PyTorchCheckpoint.Read(CheckpointTestData.Fixture(fixture, "weights.pth"));
        var fromSafeTensors = SafeTensorsFile.Read(CheckpointTestData.Fixture(fixture, "weights.safetensors"));

        var counters = fromPth.Keys.Where(k => k.EndsWith(".num_batches_tracked", StringComparison.Ordinal)).ToList();
        foreach (var name in fromPth.Keys)
        {
            var expected = counters.Contains(name) ? CheckpointDType.Int64 : CheckpointDType.Float32;
            Assert.Equal(expected, fromPth.GetSourceDType(name));
        }
        foreach (var name in counters)
        {
            Assert.Equal(0, fromPth[name].Rank);
            Assert.Equal(fromSafeTensors[name].Item(), fromPth[name].Item());
            // The fixture's safetensors stores them as F32, as its writer converted everything.
            Assert.Equal(CheckpointDType.Float32, fromSafeTensors.GetSourceDType(name));
        }
        // PHNet has BatchNorm layers; HDNet has none.
        Assert.Equal(fixture.StartsWith("phnet", StringComparison.Ordinal), counters.Count > 0);
    }

    [Fact]
    public void Int64_counters_survive_a_pth_to_safetensors_conversion_as_I64()
    {
        var fromPth = PyTorchCheckpoint.Read(CheckpointTestData.Checkpoint("plain_state_dict.pth"));
        var converted = SafeTensorsFile.Read(SafeTensorsFile.ToBytes(fromPth));

        Assert.Equal(CheckpointDType.Int64, converted.GetSourceDType("1.num_batches_tracked"));
        Assert.Equal(5f, converted["1.num_batches_tracked"].Item());
        StateDictAssert.Identical(fromPth, converted);
    }

    [Theory]
    [InlineData("plain_state_dict")]
    [InlineData("wrapped_state_dict")]  // {"epoch", "arch", "optimizer", ..., "state_dict"}
    [InlineData("wrapped_model")]       // {"step", "model"}
    [InlineData("dataparallel")]        // every key starts with "module."
    [InlineData("views")]               // transposed, strided, offset and stride-0 views; a scalar; an empty tensor
    [InlineData("dtypes")]              // f16, bf16, f64, i64, i32, i16, i8, u8, bool, a transposed f16
    [InlineData("dtypes_protocol4")]    // the same, pickled with protocol 4 opcodes
    public void Extra_checkpoints_import_to_the_values_python_expects(string name)
    {
        var imported = PyTorchCheckpoint.Read(CheckpointTestData.Checkpoint(name + ".pth"));
        var expected = SafeTensorsFile.Read(CheckpointTestData.Checkpoint(name + ".expected.safetensors"));

        StateDictAssert.Identical(expected, imported);
    }

    [Fact]
    public void Wrapped_and_data_parallel_checkpoints_yield_the_bare_state_dict_names()
    {
        string[] expected = ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "3.weight", "3.bias"];

        Assert.Equal(expected, PyTorchCheckpoint.Read(CheckpointTestData.Checkpoint("wrapped_state_dict.pth")).Keys);
        Assert.Equal(expected, PyTorchCheckpoint.Read(CheckpointTestData.Checkpoint("wrapped_model.pth")).Keys);
        Assert.Equal(expected, PyTorchCheckpoint.Read(CheckpointTestData.Checkpoint("dataparallel.pth")).Keys);
    }

    [Fact]
    public void Views_are_gathered_into_row_major_order()
    {
        var views = PyTorchCheckpoint.Read(CheckpointTestData.Checkpoint("views.pth"));

        // base = arange(24).reshape(4, 6); checked here by hand, independently of Python's expectations.
        Assert.Equal([6, 4], views["transposed"].Shape);
        Assert.Equal([0f, 6, 12, 18, 1, 7, 13, 19], views["transposed"].Data[..8]);
        Assert.Equal([1f, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23], views["every_other_column"].Data);
        Assert.Equal([12f, 13, 14, 15, 16, 17], views["row"].Data);
        Assert.Equal([8f, 9, 10, 14, 15, 16], views["block"].Data);
        Assert.Equal([1f, 2, 3, 1, 2, 3], views["expanded"].Data);
        Assert.Equal(3.5f, views["scalar"].Item());
        Assert.Equal([0, 3], views["empty"].Shape);
    }

    [Fact]
    public void Source_dtypes_are_reported()
    {
        var sd = PyTorchCheckpoint.Read(CheckpointTestData.Checkpoint("dtypes.pth"));

        Assert.Equal(CheckpointDType.Float16, sd.GetSourceDType("f16"));
        Assert.Equal(CheckpointDType.BFloat16, sd.GetSourceDType("bf16"));
        Assert.Equal(CheckpointDType.Float64, sd.GetSourceDType("f64"));
        Assert.Equal(CheckpointDType.Int64, sd.GetSourceDType("i64"));
        Assert.Equal(CheckpointDType.Int32, sd.GetSourceDType("i32"));
        Assert.Equal(CheckpointDType.Int16, sd.GetSourceDType("i16"));
        Assert.Equal(CheckpointDType.Int8, sd.GetSourceDType("i8"));
        Assert.Equal(CheckpointDType.UInt8, sd.GetSourceDType("u8"));
        Assert.Equal(CheckpointDType.Bool, sd.GetSourceDType("flags"));
        Assert.Equal([0f, 3, 1, 4, 2, 5], sd["f16_transposed"].Data);
    }

    [Theory]
    [InlineData("malicious_os_system.pth", "posix.system")]
    [InlineData("malicious_popen.pth", "commands.Popen")]  // protocol 2 spells subprocess.Popen the Python 2 way
    [InlineData("malicious_eval.pkl", "builtins.eval")]
    public void Malicious_pickles_are_refused_and_nothing_runs(string file, string global)
    {
        const string sideEffect = "/tmp/harmonia-pwned";
        File.Delete(sideEffect);
        string path = CheckpointTestData.Checkpoint(file);

        var error = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(path));

        Assert.Contains($"refused to load global '{global}'", error.Message);
        Assert.Contains("only tensor data is allowed", error.Message);
        Assert.Contains(path, error.Message);
        Assert.False(File.Exists(sideEffect), "the payload ran");
    }

    [Fact]
    public void Legacy_format_is_refused_with_advice_to_resave()
    {
        var error = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(CheckpointTestData.Checkpoint("legacy_format.pth")));

        Assert.Contains("legacy (pre-1.6)", error.Message);
        Assert.Contains("re-save", error.Message);
    }

    [Fact]
    public void Files_that_are_neither_zip_nor_pickle_are_refused()
    {
        var error = Assert.Throws<CheckpointFormatException>(() => PyTorchCheckpoint.Read(CheckpointTestData.Checkpoint("dtypes.safetensors")));
        Assert.Contains("neither a zip archive nor a pickle", error.Message);
    }

    [Fact]
    public void The_memory_budget_refuses_oversized_imports()
    {
        var error = Assert.Throws<CheckpointFormatException>(() =>
            PyTorchCheckpoint.Read(CheckpointTestData.Fixture("hdnet-ngf4", "weights.pth"), maxBytes: 100_000));
        Assert.Contains("exceeds the import limit of 100000 bytes", error.Message);
    }
}
