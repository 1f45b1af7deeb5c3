using System.Numerics.Tensors;
using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// The three passes of a grouped 2-D convolution as GEMMs over column tiles. Each (sample, group)
/// is one unit: <c>out[unit] (Cout_g × OH·OW) = W_g (Cout_g × Cin_g·KH·KW) · columns (Cin_g·KH·KW × OH·OW)</c>.
/// Columns come tile by tile (<see cref="ConvGeometry.TilePixels"/> output pixels at a time) so
/// memory stays bounded; a pointwise convolution uses its input planes as the columns directly.
/// </summary>
/// <remarks>
/// Threads: a thin layer's forward pass runs small column tiles in parallel, each on one core from
/// im2col to micro-kernel (<see cref="CacheTilePixels"/>); the weight gradient of a batch is summed
/// from one share per sample, samples in parallel; otherwise, when units are many (or many and
/// small), whole units run in parallel, each single-threaded with its own column buffer, and when
/// they are few, units run one after another and the GEMMs and im2col work inside each unit run in
/// parallel. Every way, every output value is produced by the same operations in the same order
/// (tile sizes, shares and the order of sums depend on the shape alone), so results are
/// bit-identical for any thread count.
/// </remarks>
internal static class ConvolutionCore
{
    /// <summary>Units below this cost (2·multiply-adds) are too small to split across threads internally.</summary>
    private const double MaxFlopsForUnitParallelism = 32e6;

    /// <summary>
    /// From this many units on, whole units run in parallel whatever their size: there are enough to
    /// share out evenly, and each stays on one core from im2col to micro-kernel.
    /// </summary>
    private const int MinUnitsForUnitParallelism = 4;

    /// <summary>
    /// Floats of one thread's column tile when the forward pass runs tiles in parallel (256 KiB): the
    /// tile, and the GEMM's packed copy of it, stay in the core's own L2 from im2col to micro-kernel.
    /// </summary>
    private const int CacheTileFloats = 1 << 16;

    /// <summary><c>output = conv(input, weight) + bias</c>, overwriting output.</summary>
    public static void Forward(ConvGeometry g, float[] input, float[] weight, float[]? bias, float[] output)
    {
        if (IndirectConv2d.Applies(g))
        {
            IndirectConv2d.Run(g, input, weight, bias, output);
            return;
        }
        if (CacheTilePixels(g) is int tilePixels)
        {
            ForwardByCacheTiles(g, tilePixels, input, weight, bias, output);
            return;
        }
        ForEachUnit(g, g.Batch * g.Groups, g.UnitFlops,
            (unit, column, parallel) => ForwardUnit(g, unit, input, weight, bias, output, column, parallel));
    }

    /// <summary>
    /// The output pixels per tile for running the forward pass tile by tile in parallel, or null when
    /// the GEMMs inside each unit should share the threads instead.
    /// </summary>
    /// <remarks>
    /// Splitting a unit's GEMM and im2col between threads (the other way) hands each tile from core to
    /// core between im2col, packing and the micro-kernel; on a thin layer, where moving data and not
    /// multiplying sets the pace, that traffic keeps two threads from being much faster than one. With
    /// whole small tiles per thread, each tile is filled, packed and multiplied in one core's cache.
    /// Every tile repacks the weights, so this path is for layers whose weights are small beside a tile
    /// (few output channels). Each output value gets the same operations either way (the GEMM's sums
    /// run over depth slices fixed by the shape), so the choice does not change results; it depends on
    /// the shape alone all the same.
    /// </remarks>
    internal static int? CacheTilePixels(in ConvGeometry g)
    {
        if (ConvGeometry.ColumnBudgetForced) return null;
        int tilePixels = Math.Clamp(CacheTileFloats / g.ColumnRows / 32 * 32, 256, Math.Max(256, g.OutPlane));
        int tiles = (g.OutPlane + tilePixels - 1) / tilePixels;
        bool thinWeights = g.OutChannelsPerGroup * 4 <= tilePixels;
        return tiles * g.Batch * g.Groups >= 4 && thinWeights ? tilePixels : null;
    }

    private static void ForwardByCacheTiles(ConvGeometry g, int tilePixels, float[] input, float[] weight, float[]? bias, float[] output)
    {
        int tilesPerUnit = (g.OutPlane + tilePixels - 1) / tilePixels;
        int items = g.Batch * g.Groups * tilesPerUnit;
        int columnFloats = g.IsPointwise ? 0 : g.ColumnRows * tilePixels;
        ForEachWithOwnColumn(items, ParallelRange.ChunkSize(items), columnFloats, (item, column) =>
        {
            int first = item % tilesPerUnit * tilePixels;
            ForwardTile(g, item / tilesPerUnit, first, Math.Min(tilePixels, g.OutPlane - first),
                input, weight, bias, output, column, parallel: false);
        });
    }

    /// <summary>
    /// <c>gradInput = convᵀ(gradOutput, weight)</c> (the input gradient), overwriting gradInput. With
    /// <paramref name="channelStart"/>, each input channel starts from that value instead of zero
    /// (a transposed convolution's bias).
    /// </summary>
    public static void BackwardData(ConvGeometry g, float[] gradOutput, float[] weight, float[]? channelStart, float[] gradInput)
    {
        if (SubPixelTransposedConv.Applies(g)) SubPixelTransposedConv.Run(g, gradOutput, weight, channelStart, gradInput);
        else BackwardDataByScatter(g, gradOutput, weight, channelStart, gradInput);
    }

    /// <summary>
    /// The input gradient as one GEMM into columns per tile, scattered back onto the planes: for the
    /// grouped and dilated convolutions that <see cref="SubPixelTransposedConv"/> does not take.
    /// </summary>
    private static void BackwardDataByScatter(ConvGeometry g, float[] gradOutput, float[] weight, float[]? channelStart, float[] gradInput)
        => ForEachUnit(g, g.Batch * g.Groups, g.UnitFlops,
            (unit, column, parallel) => BackwardDataUnit(g, unit, gradOutput, weight, channelStart, gradInput, column, parallel));

    /// <summary>The weight gradient <c>Σ_samples gradOutput · columnsᵀ</c>, overwriting gradWeight.</summary>
    public static void BackwardWeight(ConvGeometry g, float[] input, float[] gradOutput, float[] gradWeight)
    {
        if (g.Batch == 0)
        {
            Array.Clear(gradWeight, 0, g.OutChannels * g.ColumnRows);
            return;
        }
        if (g.Batch > 1 && (long)g.Batch * g.OutChannels * g.ColumnRows <= MaxSampleShareFloats)
        {
            BackwardWeightBySample(g, input, gradOutput, gradWeight);
            return;
        }
        ForEachUnit(g, g.Groups, g.UnitFlops * g.Batch,
            (group, column, parallel) => BackwardWeightGroup(g, group, 0, g.Batch, input, gradOutput, gradWeight, 0, column, parallel));
    }

    /// <summary>The most floats of per-sample weight-gradient shares (16 MiB) held to run samples in parallel.</summary>
    private const long MaxSampleShareFloats = 1 << 22;

    /// <summary>
    /// The weight gradient as one share per sample, computed one sample per thread and then added in
    /// sample order.
    /// </summary>
    /// <remarks>
    /// A thin layer's weight gradient is a small matrix (Cout × Cin·KH·KW) summed over a very long
    /// shared dimension (every pixel of every sample). Split inside the GEMM, that gives each thread only
    /// a task or two per depth slice, and a fork per slice; split by sample, each thread runs long
    /// single-threaded GEMMs. The shares and their order depend on the shape alone, so the result does not
    /// change with the thread count.
    /// </remarks>
    private static void BackwardWeightBySample(ConvGeometry g, float[] input, float[] gradOutput, float[] gradWeight)
    {
        int weightFloats = g.OutChannels * g.ColumnRows;
        bool indirect = IndirectWeightGradient.Applies(g);
        int columnFloats = g.IsPointwise || indirect ? 0 : g.ColumnRows * g.TilePixels;
        float[] shares = PinnedBufferPool.Rent((long)g.Batch * weightFloats);
        try
        {
            ForEachWithOwnColumn(g.Batch, 1, columnFloats, (sample, column) =>
            {
                if (indirect)
                {
                    IndirectWeightGradient.RunSample(g, input, gradOutput, sample, shares, sample * weightFloats);
                    return;
                }
                for (int group = 0; group < g.Groups; group++)
                    BackwardWeightGroup(g, group, sample, sample + 1, input, gradOutput, shares, sample * weightFloats, column, parallel: false);
            });
            ParallelRange.For(weightFloats, ParallelRange.ChunkSize(weightFloats, 1024), (start, end) =>
            {
                var total = gradWeight.AsSpan(start, end - start);
                shares.AsSpan(start, end - start).CopyTo(total);
                for (int sample = 1; sample < g.Batch; sample++)
                    TensorPrimitives.Add(total, shares.AsSpan(sample * weightFloats + start, end - start), total);
            });
        }
        finally
        {
            PinnedBufferPool.Return(shares);
        }
    }

    /// <summary><c>sums[c] = Σ_b Σ_pixels data[b, c, pixel]</c>, in a fixed order (float32 per plane, float64 across samples).</summary>
    public static void SumPerChannel(float[] data, int batch, int channels, int plane, float[] sums)
    {
        ParallelRange.For(channels, ParallelRange.ChunkSize(channels), (start, end) =>
        {
            for (int c = start; c < end; c++)
            {
                double total = 0;
                for (int b = 0; b < batch; b++) total += TensorPrimitives.Sum(data.AsSpan((b * channels + c) * plane, plane));
                sums[c] = (float)total;
            }
        });
    }

    /// <summary>
    /// Calls <paramref name="body"/>(item, column) for items <c>[0, count)</c> in parallel chunks of
    /// <paramref name="chunkSize"/>, each chunk with its own column buffer of <paramref name="columnFloats"/>
    /// from the pinned pool (the calls inside a chunk share it, one after another).
    /// </summary>
    private static void ForEachWithOwnColumn(int count, int chunkSize, int columnFloats, Action<int, float[]> body)
    {
        ParallelRange.For(count, chunkSize, (start, end) =>
        {
            float[] column = PinnedBufferPool.Rent(columnFloats);
            try
            {
                for (int item = start; item < end; item++) body(item, column);
            }
            finally
            {
                PinnedBufferPool.Return(column);
            }
        });
    }

    private delegate void UnitBody(int unit, float[] column, bool parallel);

    /// <summary>Runs <paramref name="body"/> for every unit, choosing between parallel units and parallelism inside units.</summary>
    private static void ForEachUnit(ConvGeometry g, int units, double flopsPerUnit, UnitBody body)
    {
        if (units == 0) return;
        int columnFloats = g.IsPointwise ? 0 : g.ColumnRows * g.TilePixels;
        if (units >= MinUnitsForUnitParallelism || (units > 1 && flopsPerUnit < MaxFlopsForUnitParallelism))
        {
            ForEachWithOwnColumn(units, ParallelRange.ChunkSize(units), columnFloats, (unit, column) => body(unit, column, false));
            return;
        }

        float[] sharedColumn = PinnedBufferPool.Rent(columnFloats);
        try
        {
            for (int unit = 0; unit < units; unit++) body(unit, sharedColumn, true);
        }
        finally
        {
            PinnedBufferPool.Return(sharedColumn);
        }
    }

    private static void ForwardUnit(in ConvGeometry g, int unit, float[] input, float[] weight, float[]? bias, float[] output, float[] column, bool parallel)
    {
        int pixels = g.OutPlane, tilePixels = g.IsPointwise ? pixels : g.TilePixels;
        for (int first = 0; first < pixels; first += tilePixels)
            ForwardTile(g, unit, first, Math.Min(tilePixels, pixels - first), input, weight, bias, output, column, parallel);
    }

    /// <summary>Output pixels <c>[first, first + count)</c> of every output channel of one (sample, group) unit.</summary>
    private static void ForwardTile(in ConvGeometry g, int unit, int first, int count, float[] input, float[] weight, float[]? bias, float[] output, float[] column, bool parallel)
    {
        int sample = unit / g.Groups, group = unit % g.Groups;
        int m = g.OutChannelsPerGroup, depth = g.ColumnRows, pixels = g.OutPlane;
        int inputOffset = (sample * g.InChannels + group * g.InChannelsPerGroup) * g.InPlane;
        int outputOffset = (sample * g.OutChannels + group * m) * pixels + first;
        int weightOffset = group * m * depth;
        bool accumulate = bias is not null;
        if (bias is not null)
            for (int o = 0; o < m; o++) output.AsSpan(outputOffset + o * pixels, count).Fill(bias[group * m + o]);

        if (g.IsPointwise)
        {
            Sgemm.Multiply(new GemmOperands(false, false, m, count, depth, weight, weightOffset, depth,
                input, inputOffset + first, g.InPlane, output, outputOffset, pixels, accumulate), parallel);
            return;
        }
        Im2Col.Gather(g, input, inputOffset, first, count, column, parallel);
        Sgemm.Multiply(new GemmOperands(false, false, m, count, depth, weight, weightOffset, depth,
            column, 0, count, output, outputOffset, pixels, accumulate), parallel);
    }

    private static void BackwardDataUnit(in ConvGeometry g, int unit, float[] gradOutput, float[] weight, float[]? channelStart, float[] gradInput, float[] column, bool parallel)
    {
        int sample = unit / g.Groups, group = unit % g.Groups;
        int m = g.OutChannelsPerGroup, depth = g.ColumnRows, pixels = g.OutPlane, channels = g.InChannelsPerGroup;
        int inputOffset = (sample * g.InChannels + group * channels) * g.InPlane;
        int outputOffset = (sample * g.OutChannels + group * m) * pixels;
        int weightOffset = group * m * depth;
        for (int c = 0; c < channels; c++)
        {
            var plane = gradInput.AsSpan(inputOffset + c * g.InPlane, g.InPlane);
            if (channelStart is null) plane.Clear();
            else plane.Fill(channelStart[group * channels + c]);
        }

        if (g.IsPointwise)
        {
            // gradInput planes (Cin_g × H·W) += Wᵀ (Cin_g × Cout_g) · gradOutput (Cout_g × H·W)
            Sgemm.Multiply(new GemmOperands(true, false, channels, pixels, m, weight, weightOffset, depth,
                gradOutput, outputOffset, pixels, gradInput, inputOffset, g.InPlane, Accumulate: true), parallel);
            return;
        }
        for (int first = 0; first < pixels; first += g.TilePixels)
        {
            int tile = Math.Min(g.TilePixels, pixels - first);
            // column tile (Cin_g·KH·KW × tile) = Wᵀ · gradOutput[:, tile], then scattered back onto the planes.
            Sgemm.Multiply(new GemmOperands(true, false, depth, tile, m, weight, weightOffset, depth,
                gradOutput, outputOffset + first, pixels, column, 0, tile, Accumulate: false), parallel);
            Im2Col.ScatterAdd(g, column, first, tile, gradInput, inputOffset, parallel);
        }
    }

    /// <summary>
    /// One group's weight gradient summed over samples <c>[firstSample, endSample)</c>, overwriting its
    /// rows of the gradient that starts at <paramref name="gradWeightOffset"/> in <paramref name="gradWeight"/>.
    /// </summary>
    private static void BackwardWeightGroup(in ConvGeometry g, int group, int firstSample, int endSample, float[] input, float[] gradOutput,
        float[] gradWeight, int gradWeightOffset, float[] column, bool parallel)
    {
        int m = g.OutChannelsPerGroup, depth = g.ColumnRows, pixels = g.OutPlane, channels = g.InChannelsPerGroup;
        int weightOffset = gradWeightOffset + group * m * depth;
        bool accumulate = false;
        for (int sample = firstSample; sample < endSample; sample++)
        {
            int inputOffset = (sample * g.InChannels + group * channels) * g.InPlane;
            int outputOffset = (sample * g.OutChannels + group * m) * pixels;
            if (g.IsPointwise)
            {
                // gradW (Cout_g × Cin_g) += gradOutput (Cout_g × H·W) · inputᵀ (H·W × Cin_g)
                Sgemm.Multiply(new GemmOperands(false, true, m, depth, pixels, gradOutput, outputOffset, pixels,
                    input, inputOffset, g.InPlane, gradWeight, weightOffset, depth, accumulate), parallel);
                accumulate = true;
                continue;
            }
            for (int first = 0; first < pixels; first += g.TilePixels)
            {
                int tile = Math.Min(g.TilePixels, pixels - first);
                Im2Col.Gather(g, input, inputOffset, first, tile, column, parallel);
                // gradW (Cout_g × Cin_g·KH·KW) += gradOutput[:, tile] · columnsᵀ
                Sgemm.Multiply(new GemmOperands(false, true, m, depth, tile, gradOutput, outputOffset + first, pixels,
                    column, 0, tile, gradWeight, weightOffset, depth, accumulate), parallel);
                accumulate = true;
            }
        }
    }
}
