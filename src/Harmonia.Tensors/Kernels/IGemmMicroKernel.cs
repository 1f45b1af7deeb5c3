namespace Harmonia.Tensors.Kernels;

/// <summary>
/// A register-blocked SGEMM micro-kernel and the cache blocking tuned for it.
/// </summary>
/// <remarks>
/// How the blocking fits together (the classic Goto/BLIS layering, see <see cref="GemmDriver{TKernel}"/>):
/// <list type="bullet">
/// <item><description>The micro-kernel computes one <see cref="Rows"/>×<see cref="Columns"/> tile of C
/// entirely in vector registers, walking the shared dimension one step at a time: per step it loads
/// one row of a packed B panel and broadcasts one column of a packed A panel.</description></item>
/// <item><description><see cref="DepthBlock"/> (KC) bounds that walk so one packed B micro-panel
/// (KC×NR floats) stays in L1 while the kernel sweeps down the A micro-panels.</description></item>
/// <item><description><see cref="RowBlock"/> (MC) bounds the packed A block (MC×KC floats) so it stays
/// in L2 while the kernel sweeps across the B panels.</description></item>
/// <item><description><see cref="ColumnBlock"/> (NC) bounds the packed B block (KC×NC floats) that
/// all threads share from L3.</description></item>
/// </list>
/// Packed panels are zero-padded to whole tiles, so the kernel never branches on edges; the driver
/// sends edge tiles to a scratch tile and copies only the valid part. When A has only a few rows,
/// each B value is used by only a few tiles and packing B would cost more than it saves; the
/// driver then lets the kernel read full-width B panels in place (stride = B's row stride).
/// </remarks>
internal interface IGemmMicroKernel
{
    /// <summary>Tile height MR: rows of C per micro-kernel call.</summary>
    static abstract int Rows { get; }

    /// <summary>Tile width NR: columns of C per micro-kernel call.</summary>
    static abstract int Columns { get; }

    /// <summary>KC: the most steps of the shared dimension per packed panel.</summary>
    static abstract int DepthBlock { get; }

    /// <summary>MC: the most rows of A per packed block handed to one task (a multiple of <see cref="Rows"/>).</summary>
    static abstract int RowBlock { get; }

    /// <summary>NC: the most columns of B per packed block (a multiple of <see cref="Columns"/>).</summary>
    static abstract int ColumnBlock { get; }

    /// <summary>
    /// Computes the tile <c>acc = Σ_p a[p]ᵀ·b[p]</c> over <paramref name="depth"/> steps, then
    /// writes <c>C = acc</c> when <paramref name="overwrite"/>, else <c>C = C + acc</c>.
    /// </summary>
    /// <param name="depth">Steps of the shared dimension (1..KC).</param>
    /// <param name="packedA">Rows floats per step: column p of the A tile.</param>
    /// <param name="b">Row p of the B tile: Columns contiguous floats per step.</param>
    /// <param name="bStride">Floats from one step's B row to the next: Columns for a packed panel, or B's own row stride when B is read in place.</param>
    /// <param name="c">Top-left element of the C tile.</param>
    /// <param name="ldc">Row stride of C in floats.</param>
    /// <param name="overwrite">Store instead of add.</param>
    static abstract unsafe void Run(int depth, float* packedA, float* b, int bStride, float* c, int ldc, bool overwrite);
}
