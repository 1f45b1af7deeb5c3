using Harmonia.Tensors;

namespace Harmonia.NN.Serialization.Torch;

/// <summary>
/// One storage of a torch zip checkpoint (the entry <c>data/&lt;key&gt;</c>): raw elements of one
/// dtype, which tensors view with an offset and strides.
/// </summary>
/// <param name="Key">The storage's key in the archive.</param>
/// <param name="DType">Its element type.</param>
/// <param name="Numel">Its element count; <c>Bytes.Length == Numel × element size</c>.</param>
/// <param name="Bytes">The raw elements.</param>
/// <param name="BigEndian">Whether the checkpoint's <c>byteorder</c> record says big-endian.</param>
internal sealed record TorchStorage(string Key, CheckpointDType DType, long Numel, byte[] Bytes, bool BigEndian);

/// <summary>A tensor rebuilt from a storage, converted to float32, with the dtype it had in the checkpoint.</summary>
internal sealed record LoadedTensor(Tensor Tensor, CheckpointDType SourceDType);
