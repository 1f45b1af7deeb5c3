using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Harmonia.NN.Serialization;

/// <summary>Converts raw checkpoint elements of any <see cref="CheckpointDType"/> to float32.</summary>
internal static class ElementDecoder
{
    /// <summary>
    /// Decodes <c>destination.Length</c> elements that start at element <paramref name="firstElement"/>
    /// of <paramref name="storage"/> and lie <paramref name="elementStride"/> elements apart.
    /// The caller has checked that every element read lies inside <paramref name="storage"/>.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> storage, CheckpointDType dtype, bool bigEndian,
        long firstElement, long elementStride, Span<float> destination)
    {
        int size = dtype.ElementSize();
        if (elementStride == 1 && dtype == CheckpointDType.Float32 && bigEndian != BitConverter.IsLittleEndian)
        {
            // The common case: native-order float32 laid out densely, a plain copy.
            MemoryMarshal.Cast<byte, float>(storage.Slice(checked((int)(firstElement * 4)), destination.Length * 4)).CopyTo(destination);
            return;
        }
        long byteIndex = firstElement * size;
        long byteStride = elementStride * size;
        for (int i = 0; i < destination.Length; i++, byteIndex += byteStride)
            destination[i] = DecodeOne(storage.Slice((int)byteIndex, size), dtype, bigEndian);
    }

    /// <summary>Decodes one element from exactly <see cref="CheckpointDTypeInfo.ElementSize"/> bytes.</summary>
    public static float DecodeOne(ReadOnlySpan<byte> bytes, CheckpointDType dtype, bool bigEndian) => dtype switch
    {
        CheckpointDType.Float32 => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(bytes) : BinaryPrimitives.ReadSingleLittleEndian(bytes),
        CheckpointDType.Float64 => (float)(bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(bytes) : BinaryPrimitives.ReadDoubleLittleEndian(bytes)),
        CheckpointDType.Float16 => (float)(bigEndian ? BinaryPrimitives.ReadHalfBigEndian(bytes) : BinaryPrimitives.ReadHalfLittleEndian(bytes)),
        // bfloat16 is the top 16 bits of a float32, so widening is a shift and always exact.
        CheckpointDType.BFloat16 => BitConverter.Int32BitsToSingle((bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes)) << 16),
        CheckpointDType.Int64 => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(bytes) : BinaryPrimitives.ReadInt64LittleEndian(bytes),
        CheckpointDType.Int32 => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(bytes) : BinaryPrimitives.ReadInt32LittleEndian(bytes),
        CheckpointDType.Int16 => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(bytes) : BinaryPrimitives.ReadInt16LittleEndian(bytes),
        CheckpointDType.Int8 => (sbyte)bytes[0],
        CheckpointDType.UInt8 => bytes[0],
        CheckpointDType.Bool => bytes[0] != 0 ? 1f : 0f,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown checkpoint dtype."),
    };
}
