using Harmonia.Tensors;

namespace Harmonia.NN.Serialization.Torch;

/// <summary>
/// Builds a contiguous float32 tensor from a view of a storage (offset, sizes, strides), the
/// way <c>torch._utils._rebuild_tensor_v2</c> describes it. Non-contiguous views (a transpose,
/// a slice with a step) are gathered element by element into row-major order.
/// </summary>
internal static class TensorRebuilder
{
    /// <summary>PyTorch's own limit on the number of dimensions.</summary>
    public const int MaxRank = 64;

    /// <summary>Checks the view against the storage and copies its elements out.</summary>
    public static LoadedTensor Build(TorchStorage storage, long offset, long[] sizes, long[] strides, ImportBudget budget, string source)
    {
        string view = $"tensor view (offset {offset}, size [{string.Join(", ", sizes)}], stride [{string.Join(", ", strides)}]) of storage '{storage.Key}'";
        if (sizes.Length != strides.Length)
            throw new CheckpointFormatException(source, $"{view} has {sizes.Length} sizes but {strides.Length} strides");
        if (sizes.Length > MaxRank)
            throw new CheckpointFormatException(source, $"{view} has {sizes.Length} dimensions, more than {MaxRank}");
        if (offset < 0)
            throw new CheckpointFormatException(source, $"{view} has a negative storage offset");

        var shape = new int[sizes.Length];
        long numel = 1;
        for (int d = 0; d < sizes.Length; d++)
        {
            if (sizes[d] < 0 || sizes[d] > int.MaxValue)
                throw new CheckpointFormatException(source, $"{view} has an invalid size {sizes[d]} in dimension {d}");
            if (strides[d] < 0)
                throw new CheckpointFormatException(source, $"{view} has a negative stride in dimension {d}");
            shape[d] = (int)sizes[d];
        }
        // Multiply in a second pass so that a zero anywhere makes the view empty, however large the other sizes.
        if (Array.IndexOf(shape, 0) < 0)
        {
            foreach (int size in shape)
            {
                numel *= size;
                if (numel > Array.MaxLength)
                    throw new CheckpointFormatException(source, $"{view} has more elements than one buffer can hold");
            }
        }
        else
        {
            numel = 0;
        }

        if (numel > 0)
        {
            // The furthest element the view touches must lie inside the storage. Every term is
            // checked against the storage size as it is added, so nothing overflows.
            if (offset >= storage.Numel)
                throw new CheckpointFormatException(source, $"{view} starts past the end of the storage ({storage.Numel} elements)");
            long last = offset;
            for (int d = 0; d < sizes.Length; d++)
            {
                if (sizes[d] == 1) continue;
                if (strides[d] > storage.Numel)
                    throw new CheckpointFormatException(source, $"{view} reaches past the end of the storage ({storage.Numel} elements)");
                last += (sizes[d] - 1) * strides[d];
                if (last >= storage.Numel)
                    throw new CheckpointFormatException(source, $"{view} reaches past the end of the storage ({storage.Numel} elements)");
            }
        }
        else if (offset > storage.Numel)
        {
            throw new CheckpointFormatException(source, $"{view} starts past the end of the storage ({storage.Numel} elements)");
        }

        budget.ChargeTensor(numel, $"tensor of shape [{string.Join(", ", shape)}]");
        var data = new float[numel];
        if (numel > 0) Gather(storage, offset, shape, strides, data);
        return new LoadedTensor(Tensor.FromArray(data, shape), storage.DType);
    }

    /// <summary>
    /// Copies the view row by row: an odometer walks every index but the last, and each row is
    /// decoded with the last dimension's stride (a plain copy when that stride is 1).
    /// </summary>
    private static void Gather(TorchStorage storage, long offset, int[] shape, long[] strides, float[] destination)
    {
        int rank = shape.Length;
        if (rank == 0)
        {
            ElementDecoder.Decode(storage.Bytes, storage.DType, storage.BigEndian, offset, 1, destination);
            return;
        }
        int rowLength = shape[rank - 1];
        long rowStride = strides[rank - 1];
        var index = new int[rank - 1];
        long rowStart = offset;
        for (int written = 0; written < destination.Length; written += rowLength)
        {
            ElementDecoder.Decode(storage.Bytes, storage.DType, storage.BigEndian, rowStart, rowStride, destination.AsSpan(written, rowLength));
            // Advance the odometer over dimensions rank-2 .. 0.
            for (int d = rank - 2; d >= 0; d--)
            {
                rowStart += strides[d];
                if (++index[d] < shape[d]) break;
                rowStart -= strides[d] * shape[d];
                index[d] = 0;
            }
        }
    }
}
