using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Harmonia.Tensors.Kernels;

/// <summary>Register shuffles the kernels share (AVX2; callers check <see cref="Avx2.IsSupported"/>).</summary>
internal static class VectorShuffles
{
    /// <summary>Splits 16 consecutive floats (<paramref name="a"/> then <paramref name="b"/>) into their even- and odd-indexed halves, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<float> Even, Vector256<float> Odd) Deinterleave(Vector256<float> a, Vector256<float> b)
    {
        // The in-lane shuffles give [a0 a2 b0 b2 | a4 a6 b4 b6]; swapping the middle 64-bit pairs restores the order.
        var even = Avx2.Permute4x64(Avx.Shuffle(a, b, 0x88).AsDouble(), 0xD8).AsSingle();
        var odd = Avx2.Permute4x64(Avx.Shuffle(a, b, 0xDD).AsDouble(), 0xD8).AsSingle();
        return (even, odd);
    }
}
