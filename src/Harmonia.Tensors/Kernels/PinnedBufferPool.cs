using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// Pinned float buffers for packed GEMM panels, reused across calls so steady-state GEMMs
/// allocate nothing. Pinned (on the pinned-object heap) because workers hold raw pointers into
/// them across tasks and the panels must stay 64-byte aligned for full-cache-line vector loads.
/// Buffers are kept in power-of-two size classes; at most one per concurrent GEMM is live.
/// </summary>
internal static class PinnedBufferPool
{
    /// <summary>Bytes of slack each buffer carries so its start can be moved to a 64-byte boundary.</summary>
    private const int AlignmentFloats = 16;

    private static readonly ConcurrentBag<float[]>[] FreeBySizeClass = CreateBags();

    private static ConcurrentBag<float[]>[] CreateBags()
    {
        var bags = new ConcurrentBag<float[]>[31];
        for (int i = 0; i < bags.Length; i++) bags[i] = new ConcurrentBag<float[]>();
        return bags;
    }

    /// <summary>A pinned buffer that holds at least <paramref name="floats"/> floats after 64-byte alignment.</summary>
    public static float[] Rent(long floats)
    {
        long needed = Math.Max(floats + AlignmentFloats, 1024);
        if (needed > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(floats), $"A packing buffer of {floats} floats is too large.");
        int sizeClass = BitOperations.Log2(BitOperations.RoundUpToPowerOf2((ulong)needed));
        if (FreeBySizeClass[sizeClass].TryTake(out var buffer)) return buffer;
        long length = Math.Min(1L << sizeClass, Array.MaxLength);
        return GC.AllocateUninitializedArray<float>((int)length, pinned: true);
    }

    /// <summary>Gives a buffer from <see cref="Rent"/> back.</summary>
    public static void Return(float[] buffer)
    {
        int sizeClass = BitOperations.Log2(BitOperations.RoundUpToPowerOf2((ulong)buffer.Length));
        FreeBySizeClass[sizeClass].Add(buffer);
    }

    /// <summary>The first 64-byte-aligned element of a pinned buffer.</summary>
    public static unsafe float* AlignedStart(float[] pinnedBuffer)
    {
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinnedBuffer));
        return (float*)((address + 63) & ~(nint)63);
    }
}
