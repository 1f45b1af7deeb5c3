namespace Harmonia.NN.Serialization;

/// <summary>
/// The element type a tensor had in the checkpoint it came from. Harmonia tensors are
/// always float32; the readers convert, and keep this tag so a writer can restore the
/// original type (PyTorch's BatchNorm <c>num_batches_tracked</c>, for one, is int64).
/// </summary>
public enum CheckpointDType
{
    /// <summary>32-bit IEEE float (safetensors <c>F32</c>, torch.float32).</summary>
    Float32,
    /// <summary>16-bit IEEE float (safetensors <c>F16</c>, torch.float16).</summary>
    Float16,
    /// <summary>bfloat16: the upper half of a float32 (safetensors <c>BF16</c>, torch.bfloat16).</summary>
    BFloat16,
    /// <summary>64-bit IEEE float (safetensors <c>F64</c>, torch.float64).</summary>
    Float64,
    /// <summary>Signed 64-bit integer (safetensors <c>I64</c>, torch.int64).</summary>
    Int64,
    /// <summary>Signed 32-bit integer (safetensors <c>I32</c>, torch.int32).</summary>
    Int32,
    /// <summary>Signed 16-bit integer (safetensors <c>I16</c>, torch.int16).</summary>
    Int16,
    /// <summary>Signed 8-bit integer (safetensors <c>I8</c>, torch.int8).</summary>
    Int8,
    /// <summary>Unsigned 8-bit integer (safetensors <c>U8</c>, torch.uint8).</summary>
    UInt8,
    /// <summary>Boolean stored as one byte, 0 or 1 (safetensors <c>BOOL</c>, torch.bool).</summary>
    Bool,
}

/// <summary>Sizes and file-format names of the <see cref="CheckpointDType"/> values.</summary>
internal static class CheckpointDTypeInfo
{
    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this CheckpointDType dtype) => dtype switch
    {
        CheckpointDType.Float32 or CheckpointDType.Int32 => 4,
        CheckpointDType.Float16 or CheckpointDType.BFloat16 or CheckpointDType.Int16 => 2,
        CheckpointDType.Float64 or CheckpointDType.Int64 => 8,
        CheckpointDType.Int8 or CheckpointDType.UInt8 or CheckpointDType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown checkpoint dtype."),
    };

    /// <summary>The dtype's name in a safetensors header.</summary>
    public static string SafeTensorsName(this CheckpointDType dtype) => dtype switch
    {
        CheckpointDType.Float32 => "F32",
        CheckpointDType.Float16 => "F16",
        CheckpointDType.BFloat16 => "BF16",
        CheckpointDType.Float64 => "F64",
        CheckpointDType.Int64 => "I64",
        CheckpointDType.Int32 => "I32",
        CheckpointDType.Int16 => "I16",
        CheckpointDType.Int8 => "I8",
        CheckpointDType.UInt8 => "U8",
        CheckpointDType.Bool => "BOOL",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown checkpoint dtype."),
    };

    /// <summary>Parses a safetensors dtype name; false for names this reader does not support.</summary>
    public static bool TryParseSafeTensorsName(string name, out CheckpointDType dtype)
    {
        foreach (var candidate in Enum.GetValues<CheckpointDType>())
        {
            if (candidate.SafeTensorsName() == name)
            {
                dtype = candidate;
                return true;
            }
        }
        dtype = default;
        return false;
    }
}
