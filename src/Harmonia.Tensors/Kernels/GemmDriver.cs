using System.Runtime.CompilerServices;
using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>The operands of one SGEMM call, already validated: <c>C = op(A)·op(B)</c> or <c>C += op(A)·op(B)</c>.</summary>
internal readonly record struct GemmOperands(
    bool TransposeA, bool TransposeB, int M, int N, int K,
    float[] A, int AOffset, int Lda,
    float[] B, int BOffset, int Ldb,
    float[] C, int COffset, int Ldc,
    bool Accumulate);

/// <summary>
/// The blocked SGEMM loop nest around one micro-kernel. For each NC-wide column block of C and
/// each KC-deep slice of the shared dimension it packs op(B) once (shared by all threads), then,
/// for each super-block of rows, packs op(A) and runs tasks that each cover one MC×128 block of C.
/// </summary>
/// <remarks>
/// Determinism: every element of C receives the same operations in the same order whatever the
/// thread count: one fused chain per KC slice (slices fixed by K alone), added to C slice after
/// slice. Threads only decide which core computes which tile, never how a tile is computed.
/// </remarks>
internal static unsafe class GemmDriver<TKernel> where TKernel : struct, IGemmMicroKernel
{
    /// <summary>
    /// Floats of packed A per round (2 MiB): a few MC blocks at full depth, many more with a shallow
    /// K, which keeps rounds (and thread forks) few when A is tall.
    /// </summary>
    private const int PackedAFloats = 1 << 19;

    /// <summary>Columns of C per compute task; with MC rows this is ~10 MFLOP per task at KC = 256.</summary>
    private const int TaskColumns = 128;

    /// <summary>Below this much work per round, forking threads costs more than it saves.</summary>
    private const long MinParallelFlops = 1L << 21;

    /// <summary>Below this many packed floats per round, packing runs on the calling thread.</summary>
    private const long MinParallelPackFloats = 1L << 16;

    /// <summary>
    /// When op(A) has at most this many row tiles, every B value feeds only that many kernel calls,
    /// so full-width B panels are read where they lie instead of being packed first.
    /// </summary>
    private const int MaxRowTilesForInPlaceB = 4;

    public static void Multiply(in GemmOperands op, bool allowParallel)
    {
        int depthBlocks = CeilDiv(op.K, TKernel.DepthBlock);
        int maxDepth = CeilDiv(op.K, depthBlocks);
        int superRows = Math.Min(RoundUp(op.M, TKernel.Rows), Math.Max(TKernel.RowBlock, PackedAFloats / maxDepth / TKernel.RowBlock * TKernel.RowBlock));
        bool readBInPlace = !op.TransposeB && op.M <= MaxRowTilesForInPlaceB * TKernel.Rows;
        int maxColumns = readBInPlace ? TKernel.Columns : Math.Min(RoundUp(op.N, TKernel.Columns), TKernel.ColumnBlock);

        float[] aBuffer = PinnedBufferPool.Rent((long)superRows * maxDepth);
        float[] bBuffer = PinnedBufferPool.Rent((long)maxColumns * maxDepth);
        try
        {
            var job = new Job(op, PinnedBufferPool.AlignedStart(aBuffer), PinnedBufferPool.AlignedStart(bBuffer), readBInPlace);
            for (int column0 = 0; column0 < op.N; column0 += TKernel.ColumnBlock)
            {
                int columns = Math.Min(TKernel.ColumnBlock, op.N - column0);
                int depth0 = 0;
                for (int depthBlock = 0; depthBlock < depthBlocks; depthBlock++)
                {
                    int depth = BlockLength(op.K, depthBlocks, depthBlock);
                    bool overwrite = depthBlock == 0 && !op.Accumulate;
                    for (int row0 = 0; row0 < op.M; row0 += superRows)
                    {
                        int rows = Math.Min(superRows, op.M - row0);
                        job.BeginRound(row0, rows, depth0, depth, column0, columns, overwrite, packB: row0 == 0);

                        bool parallelPack = allowParallel && job.PackedFloats >= MinParallelPackFloats;
                        RunChunks(job.PanelCount, ParallelRange.ChunkSize(job.PanelCount, 1, 16), job.PackPanels, parallelPack);

                        bool parallelCompute = allowParallel && 2L * rows * columns * depth >= MinParallelFlops;
                        RunChunks(job.TaskCount, 1, job.ComputeTasks, parallelCompute);
                    }
                    depth0 += depth;
                }
            }
        }
        finally
        {
            PinnedBufferPool.Return(aBuffer);
            PinnedBufferPool.Return(bBuffer);
        }
    }

    private static void RunChunks(int count, int chunkSize, Action<int, int> body, bool parallel)
    {
        if (parallel) ParallelRange.For(count, chunkSize, body);
        else body(0, count);
    }

    /// <summary>Length of block <paramref name="index"/> when <paramref name="total"/> is split into <paramref name="blocks"/> near-equal blocks.</summary>
    private static int BlockLength(int total, int blocks, int index) => total / blocks + (index < total % blocks ? 1 : 0);

    private static int CeilDiv(int value, int divisor) => (value + divisor - 1) / divisor;

    private static int RoundUp(int value, int multiple) => CeilDiv(value, multiple) * multiple;

    /// <summary>State of one GEMM call shared by its worker tasks; each round fixes which blocks they pack and compute.</summary>
    private sealed class Job
    {
        private readonly GemmOperands op;
        private readonly float* packedA;
        private readonly float* packedB;
        private readonly bool readBInPlace;
        private int row0, rows, depth0, depth, column0, columns, rowsPerTask, tasksPerRowBlock, aPanels, bPanels;
        private bool overwrite;

        /// <param name="op">The multiply.</param>
        /// <param name="packedA">Room for one super-block of packed A panels.</param>
        /// <param name="packedB">Room for one column block of packed B panels, or for the one edge panel when B is read in place.</param>
        /// <param name="readBInPlace">Full-width B panels are read from B itself; only a narrower edge panel is packed.</param>
        public Job(in GemmOperands op, float* packedA, float* packedB, bool readBInPlace)
        {
            this.op = op;
            this.packedA = packedA;
            this.packedB = packedB;
            this.readBInPlace = readBInPlace;
            PackPanels = PackPanelRange;
            ComputeTasks = ComputeTaskRange;
        }

        /// <summary>Packs panels [start, end): A panels of the round first, then B panels when B is repacked.</summary>
        public Action<int, int> PackPanels { get; }

        /// <summary>Computes tasks [start, end), each one MC×128 block of C.</summary>
        public Action<int, int> ComputeTasks { get; }

        public int PanelCount => aPanels + bPanels;

        public long PackedFloats => (long)PanelCount * depth * Math.Max(TKernel.Rows, TKernel.Columns);

        public int TaskCount => CeilDiv(rows, rowsPerTask) * tasksPerRowBlock;

        public void BeginRound(int row0, int rows, int depth0, int depth, int column0, int columns, bool overwrite, bool packB)
        {
            this.row0 = row0;
            this.rows = rows;
            this.depth0 = depth0;
            this.depth = depth;
            this.column0 = column0;
            this.columns = columns;
            this.overwrite = overwrite;
            aPanels = CeilDiv(rows, TKernel.Rows);
            bPanels = !packB ? 0
                : readBInPlace ? (columns % TKernel.Columns != 0 ? 1 : 0)
                : CeilDiv(columns, TKernel.Columns);
            int rowBlocks = CeilDiv(rows, TKernel.RowBlock);
            rowsPerTask = RoundUp(CeilDiv(rows, rowBlocks), TKernel.Rows);
            tasksPerRowBlock = CeilDiv(columns, RoundUp(TaskColumns, TKernel.Columns));
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void PackPanelRange(int start, int end)
        {
            int mr = TKernel.Rows, nr = TKernel.Columns;
            fixed (float* aBase = op.A)
            fixed (float* bBase = op.B)
            {
                for (int panel = start; panel < Math.Min(end, aPanels); panel++)
                {
                    int first = row0 + panel * mr;
                    GemmPacking.PackA<TKernel>(op.TransposeA, aBase + op.AOffset, op.Lda, first,
                        Math.Min(mr, row0 + rows - first), depth0, depth, packedA + (long)panel * depth * mr);
                }

                if (end > aPanels)
                {
                    // B panels of this range in one call, so B is read row by row across them.
                    // In place, the one packed panel is the narrow edge at the end of the block.
                    int firstPanel = readBInPlace ? columns / nr : Math.Max(start, aPanels) - aPanels;
                    int endPanel = readBInPlace ? firstPanel + 1 : end - aPanels;
                    int firstColumn = column0 + firstPanel * nr;
                    int endColumn = Math.Min(column0 + columns, column0 + endPanel * nr);
                    float* target = packedB + (readBInPlace ? 0 : (long)firstPanel * depth * nr);
                    GemmPacking.PackB<TKernel>(op.TransposeB, bBase + op.BOffset, op.Ldb, depth0, depth, firstColumn,
                        endColumn - firstColumn, target);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ComputeTaskRange(int start, int end)
        {
            int mr = TKernel.Rows, nr = TKernel.Columns;
            int taskColumns = RoundUp(TaskColumns, nr);
            float* edgeTile = stackalloc float[TKernel.Rows * TKernel.Columns];
            fixed (float* bBase = op.B)
            fixed (float* cBase = op.C)
            {
                for (int task = start; task < end; task++)
                {
                    int firstRow = task / tasksPerRowBlock * rowsPerTask;
                    int endRow = Math.Min(rows, firstRow + rowsPerTask);
                    int firstColumn = task % tasksPerRowBlock * taskColumns;
                    int endColumn = Math.Min(columns, firstColumn + taskColumns);

                    // B micro-panel outside (it stays in L1), A micro-panels inside (streamed from L2).
                    for (int j = firstColumn; j < endColumn; j += nr)
                    {
                        int tileColumns = Math.Min(nr, columns - j);
                        float* bPanel;
                        int bStride;
                        if (readBInPlace && tileColumns == nr)
                        {
                            bPanel = bBase + op.BOffset + (long)depth0 * op.Ldb + column0 + j;
                            bStride = op.Ldb;
                        }
                        else
                        {
                            bPanel = packedB + (readBInPlace ? 0 : (long)(j / nr) * depth * nr);
                            bStride = nr;
                        }
                        for (int i = firstRow; i < endRow; i += mr)
                        {
                            int tileRows = Math.Min(mr, rows - i);
                            float* aPanel = packedA + (long)(i / mr) * depth * mr;
                            float* cTile = cBase + op.COffset + (long)(row0 + i) * op.Ldc + column0 + j;
                            if (tileRows == mr && tileColumns == nr)
                            {
                                TKernel.Run(depth, aPanel, bPanel, bStride, cTile, op.Ldc, overwrite);
                            }
                            else
                            {
                                TKernel.Run(depth, aPanel, bPanel, bStride, edgeTile, nr, overwrite: true);
                                MergeEdgeTile(edgeTile, cTile, op.Ldc, tileRows, tileColumns, overwrite);
                            }
                        }
                    }
                }
            }
        }

        /// <summary>Writes the valid part of a scratch tile into C with the same rule the kernel uses (store, or C + tile).</summary>
        private static void MergeEdgeTile(float* tile, float* c, int ldc, int tileRows, int tileColumns, bool overwrite)
        {
            for (int r = 0; r < tileRows; r++)
            {
                float* source = tile + r * TKernel.Columns;
                float* target = c + (long)r * ldc;
                if (overwrite)
                    for (int j = 0; j < tileColumns; j++) target[j] = source[j];
                else
                    for (int j = 0; j < tileColumns; j++) target[j] += source[j];
            }
        }
    }
}
