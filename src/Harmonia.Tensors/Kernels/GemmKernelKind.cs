using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Harmonia.Tensors.Kernels;

/// <summary>Which SGEMM micro-kernel family runs: picked once from the hardware.</summary>
internal enum GemmKernelKind
{
    /// <summary>Plain float arithmetic (multiply then add, never fused). Correct on any machine.</summary>
    Scalar,

    /// <summary>256-bit vectors with fused multiply-add (x64 AVX2 + FMA).</summary>
    Vector256,

    /// <summary>512-bit vectors with fused multiply-add (x64 AVX-512).</summary>
    Vector512,
}

/// <summary>
/// Chooses the micro-kernel for the running machine. Tests may force another kind for the
/// current asynchronous flow (it flows into the worker tasks a kernel starts) to check every
/// path on one machine; the vector paths then run on the runtime's software fallback.
/// </summary>
internal static class GemmKernelSelection
{
    private static readonly AsyncLocal<GemmKernelKind?> Forced = new();

    /// <summary>The fastest kind this machine accelerates.</summary>
    public static GemmKernelKind Best { get; } =
        Vector512.IsHardwareAccelerated ? GemmKernelKind.Vector512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmKernelKind.Vector256
        : GemmKernelKind.Scalar;

    /// <summary>The kind kernels use now: the forced one if a test set it, else <see cref="Best"/>.</summary>
    public static GemmKernelKind Current => Forced.Value ?? Best;

    /// <summary>Forces <paramref name="kind"/> in the current flow until the result is disposed.</summary>
    public static IDisposable Force(GemmKernelKind kind)
    {
        var previous = Forced.Value;
        Forced.Value = kind;
        return new Restore(previous);
    }

    private sealed class Restore(GemmKernelKind? previous) : IDisposable
    {
        public void Dispose() => Forced.Value = previous;
    }
}
