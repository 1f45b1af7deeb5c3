namespace Harmonia.Tensors.Kernels;

/// <summary>
/// The geometry of one ordinary convolution seen from the convolution engine: input planes map
/// to output planes with explicit sizes on both sides. A transposed convolution is the same
/// engine with input and output swapped (its forward is this convolution's input gradient).
/// </summary>
internal readonly record struct ConvGeometry(
    int Batch, int InChannels, int InHeight, int InWidth,
    int OutChannels, int OutHeight, int OutWidth,
    int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth,
    int PaddingHeight, int PaddingWidth, int DilationHeight, int DilationWidth, int Groups)
{
    /// <summary>Floats one column buffer may hold (8 MiB); bounds im2col memory for any image size.</summary>
    public const int ColumnBudgetFloats = 2 << 20;

    private static readonly AsyncLocal<int?> ForcedColumnBudget = new();

    /// <summary>
    /// Tests shrink the column budget for the current asynchronous flow (it flows into worker
    /// tasks) to cut small images into many tiles; disposing the result restores it.
    /// </summary>
    public static IDisposable ForceColumnBudget(int floats)
    {
        var previous = ForcedColumnBudget.Value;
        ForcedColumnBudget.Value = floats;
        return new RestoreColumnBudget(previous);
    }

    /// <summary>Whether a test has forced the column budget in the current flow (the tile sizes must then follow it).</summary>
    public static bool ColumnBudgetForced => ForcedColumnBudget.Value is not null;

    /// <summary>The column budget a test has forced in the current flow, or null; other tiled kernels shrink their tiles to it too.</summary>
    public static int? ForcedColumnBudgetFloats => ForcedColumnBudget.Value;

    public int InChannelsPerGroup => InChannels / Groups;
    public int OutChannelsPerGroup => OutChannels / Groups;
    public int InPlane => InHeight * InWidth;
    public int OutPlane => OutHeight * OutWidth;

    /// <summary>Rows of the column matrix: one per (input channel of a group, kernel row, kernel column).</summary>
    public int ColumnRows => InChannelsPerGroup * KernelHeight * KernelWidth;

    /// <summary>A 1×1, stride-1, unpadded convolution reads its input planes as the column matrix itself.</summary>
    public bool IsPointwise => KernelHeight == 1 && KernelWidth == 1 && StrideHeight == 1 && StrideWidth == 1
        && PaddingHeight == 0 && PaddingWidth == 0 && InHeight == OutHeight && InWidth == OutWidth;

    /// <summary>
    /// Output pixels per column tile: as many as fit the budget, at least one. It depends on the
    /// shape alone, because the backward passes sum tile by tile and their results must not change
    /// with the thread count.
    /// </summary>
    /// <remarks>
    /// Every tile repacks the weights for its GEMM, so a deep column matrix (PHNet's 1024→512 3×3
    /// skip convolution has 9,216 rows, leaving 227-pixel tiles in 8 MiB) would spend a tenth of
    /// its time packing; tiles therefore keep at least <see cref="MinTilePixels"/> pixels, the
    /// budget notwithstanding, unless a test forces a smaller budget.
    /// </remarks>
    public int TilePixels => ForcedColumnBudget.Value is int forced
        ? Math.Clamp(forced / ColumnRows, 1, OutPlane)
        : Math.Clamp(ColumnBudgetFloats / ColumnRows, Math.Min(MinTilePixels, OutPlane), OutPlane);

    /// <summary>The least number of output pixels per column tile (when the plane has that many).</summary>
    public const int MinTilePixels = 1024;

    /// <summary>Multiply-adds times two for one (sample, group) unit.</summary>
    public double UnitFlops => 2.0 * OutChannelsPerGroup * ColumnRows * OutPlane;

    private sealed class RestoreColumnBudget(int? previous) : IDisposable
    {
        public void Dispose() => ForcedColumnBudget.Value = previous;
    }
}
