using System.Runtime.CompilerServices;
using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// SGEMM for products with few output tiles and a long shared dimension, such as the weight
/// gradients of thin convolutions (16 × 128 outputs summed over 196,608 positions). The tiled loop
/// of <see cref="GemmDriver{TKernel}"/> shares work out by output tiles, so such a product runs on
/// one thread. Here the KC-deep slices of the shared dimension are shared out instead: each slice's
/// product is computed from zero into a buffer of its own, in parallel, and the buffers are then
/// added to C in slice order.
/// </summary>
/// <remarks>
/// Bit-identical to the tiled loop: there too every element of C is the chain C (or 0), + slice 0,
/// + slice 1, …, each slice's product summed from zero by the same micro-kernel over the same packed
/// values, with the same slice boundaries (fixed by K alone). Only where the additions happen moves.
/// </remarks>
internal static unsafe class GemmDepthSlices<TKernel> where TKernel : struct, IGemmMicroKernel
{
    /// <summary>Scratch for the slices computed in one parallel round (4 MiB of floats).</summary>
    private const long RoundScratchFloats = 1L << 20;

    /// <summary>
    /// True when this path pays: more than one thread, at least two slices, and slices too small for
    /// the tiled loop to fork on (<paramref name="minParallelFlops"/> per slice), but enough work in all.
    /// </summary>
    public static bool Suits(in GemmOperands op, int depthBlocks, int maxDepth, long minParallelFlops) =>
        EngineSettings.Threads > 1 && depthBlocks >= 2
        && 2L * op.M * op.N * maxDepth < minParallelFlops
        && 2L * op.M * op.N * op.K >= 2 * minParallelFlops;

    /// <summary>Computes <c>C = op(A)·op(B)</c> (or <c>C +=</c>) by depth slices in <paramref name="depthBlocks"/> near-equal blocks.</summary>
    public static void Multiply(in GemmOperands op, int depthBlocks)
    {
        var slices = new Slices(op, depthBlocks);
        int slicesPerRound = (int)Math.Clamp(RoundScratchFloats / slices.SlotFloats, 1, depthBlocks);
        float[] scratch = PinnedBufferPool.Rent(slicesPerRound * slices.SlotFloats);
        try
        {
            slices.Scratch = PinnedBufferPool.AlignedStart(scratch);
            for (int first = 0; first < depthBlocks; first += slicesPerRound)
            {
                int count = Math.Min(slicesPerRound, depthBlocks - first);
                slices.First = first;
                ParallelRange.For(count, 1, slices.ComputeRange);
                for (int slot = 0; slot < count; slot++) slices.AddToC(slot, overwrite: first + slot == 0 && !op.Accumulate);
            }
        }
        finally
        {
            PinnedBufferPool.Return(scratch);
        }
    }

    /// <summary>One multiply's slices: where each starts, and one scratch slot per slice of a round (packed A, packed B, product).</summary>
    private sealed class Slices
    {
        private readonly GemmOperands op;
        private readonly int[] depthStarts;
        private readonly int rowPanels, columnPanels, productStride, packedAFloats, packedBFloats;

        public Slices(in GemmOperands op, int depthBlocks)
        {
            this.op = op;
            depthStarts = new int[depthBlocks + 1];
            for (int block = 0; block < depthBlocks; block++)
                depthStarts[block + 1] = depthStarts[block] + GemmDriver<TKernel>.BlockLength(op.K, depthBlocks, block);
            int maxDepth = GemmDriver<TKernel>.CeilDiv(op.K, depthBlocks);
            rowPanels = GemmDriver<TKernel>.CeilDiv(op.M, TKernel.Rows);
            columnPanels = GemmDriver<TKernel>.CeilDiv(op.N, TKernel.Columns);
            productStride = columnPanels * TKernel.Columns;
            packedAFloats = RoundTo16(rowPanels * TKernel.Rows * maxDepth);
            packedBFloats = RoundTo16(columnPanels * TKernel.Columns * maxDepth);
            SlotFloats = packedAFloats + packedBFloats + RoundTo16(rowPanels * TKernel.Rows * productStride);
            ComputeRange = ComputeSlots;
        }

        /// <summary>Floats of one slot, a multiple of 16 so every slot stays 64-byte aligned.</summary>
        public long SlotFloats { get; }

        /// <summary>The aligned start of the round's scratch.</summary>
        public float* Scratch { get; set; }

        /// <summary>The slice computed in slot 0 this round.</summary>
        public int First { get; set; }

        /// <summary>Computes slots [start, end) of the round.</summary>
        public Action<int, int> ComputeRange { get; }

        private static int RoundTo16(int floats) => (floats + 15) & ~15;

        private float* PackedA(int slot) => Scratch + slot * SlotFloats;
        private float* PackedB(int slot) => PackedA(slot) + packedAFloats;
        private float* Product(int slot) => PackedB(slot) + packedBFloats;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ComputeSlots(int start, int end)
        {
            int mr = TKernel.Rows, nr = TKernel.Columns;
            fixed (float* aBase = op.A)
            fixed (float* bBase = op.B)
            {
                for (int slot = start; slot < end; slot++)
                {
                    int depth0 = depthStarts[First + slot], depth = depthStarts[First + slot + 1] - depth0;
                    float* packedA = PackedA(slot), packedB = PackedB(slot), product = Product(slot);
                    for (int panel = 0; panel < rowPanels; panel++)
                        GemmPacking.PackA<TKernel>(op.TransposeA, aBase + op.AOffset, op.Lda, panel * mr,
                            Math.Min(mr, op.M - panel * mr), depth0, depth, packedA + (long)panel * depth * mr);
                    GemmPacking.PackB<TKernel>(op.TransposeB, bBase + op.BOffset, op.Ldb, depth0, depth, 0, op.N, packedB);
                    // Panels are zero-padded, so whole tiles are computed; the padding lands outside C's part of the product.
                    for (int column = 0; column < columnPanels; column++)
                        for (int row = 0; row < rowPanels; row++)
                            TKernel.Run(depth, packedA + (long)row * depth * mr, packedB + (long)column * depth * nr, nr,
                                product + (long)row * mr * productStride + column * nr, productStride, overwrite: true);
                }
            }
        }

        /// <summary>Adds the product in <paramref name="slot"/> to C (or copies it there for the first slice when C is not accumulated).</summary>
        public void AddToC(int slot, bool overwrite)
        {
            float* product = Product(slot);
            for (int row = 0; row < op.M; row++)
            {
                var source = new ReadOnlySpan<float>(product + (long)row * productStride, op.N);
                var target = op.C.AsSpan(op.COffset + row * op.Ldc, op.N);
                if (overwrite) source.CopyTo(target);
                else System.Numerics.Tensors.TensorPrimitives.Add(target, source, target);
            }
        }
    }
}
