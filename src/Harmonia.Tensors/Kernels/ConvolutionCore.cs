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
/// Threads: when units are many and small, whole units run in parallel, each single-threaded with
/// its own column buffer; otherwise units run one after another and the GEMMs and im2col work
/// inside each unit run in parallel. Either way every output value is produced by the same
/// operations in the same order (tile sizes depend on the shape alone; sums over tiles and samples
/// run in a fixed sequence), so results are bit-identical for any thread count.
/// </remarks>
internal static class ConvolutionCore
{
    /// <summary>Units below this cost (2·multiply-adds) are too small to split across threads internally.</summary>
    private const double MaxFlopsForUnitParallelism = 32e6;

    /// <summary><c>output = conv(input, weight) + bias</c>, overwriting output.</summary>
    public static void Forward(ConvGeometry g, float[] input, float[] weight, float[]? bias, float[] output)
        => ForEachUnit(g, g.Batch * g.Groups, g.UnitFlops,
            (unit, column, parallel) => ForwardUnit(g, unit, input, weight, bias, output, column, parallel));

    /// <summary>
    /// <c>gradInput = convᵀ(gradOutput, weight)</c> (the input gradient), overwriting gradInput. With
    /// <paramref name="channelStart"/>, each input channel starts from that value instead of zero
    /// (a transposed convolution's bias).
    /// </summary>
    public static void BackwardData(ConvGeometry g, float[] gradOutput, float[] weight, float[]? channelStart, float[] gradInput)
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
        ForEachUnit(g, g.Groups, g.UnitFlops * g.Batch,
            (group, column, parallel) => BackwardWeightGroup(g, group, input, gradOutput, gradWeight, column, parallel));
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

    private delegate void UnitBody(int unit, float[] column, bool parallel);

    /// <summary>Runs <paramref name="body"/> for every unit, choosing between parallel units and parallelism inside units.</summary>
    private static void ForEachUnit(ConvGeometry g, int units, double flopsPerUnit, UnitBody body)
    {
        if (units == 0) return;
        int columnFloats = g.IsPointwise ? 0 : g.ColumnRows * g.TilePixels;
        if (units > 1 && flopsPerUnit < MaxFlopsForUnitParallelism)
        {
            ParallelRange.For(units, ParallelRange.ChunkSize(units), (start, end) =>
            {
                float[] column = PinnedBufferPool.Rent(columnFloats);
                try
                {
                    for (int unit = start; unit < end; unit++) body(unit, column, false);
                }
                finally
                {
                    PinnedBufferPool.Return(column);
                }
            });
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
        int sample = unit / g.Groups, group = unit % g.Groups;
        int m = g.OutChannelsPerGroup, depth = g.ColumnRows, pixels = g.OutPlane;
        int inputOffset = (sample * g.InChannels + group * g.InChannelsPerGroup) * g.InPlane;
        int outputOffset = (sample * g.OutChannels + group * m) * pixels;
        int weightOffset = group * m * depth;
        bool accumulate = bias is not null;
        if (bias is not null)
            for (int o = 0; o < m; o++) output.AsSpan(outputOffset + o * pixels, pixels).Fill(bias[group * m + o]);

        if (g.IsPointwise)
        {
            Sgemm.Multiply(new GemmOperands(false, false, m, pixels, depth, weight, weightOffset, depth,
                input, inputOffset, g.InPlane, output, outputOffset, pixels, accumulate), parallel);
            return;
        }
        for (int first = 0; first < pixels; first += g.TilePixels)
        {
            int tile = Math.Min(g.TilePixels, pixels - first);
            Im2Col.Gather(g, input, inputOffset, first, tile, column, parallel);
            Sgemm.Multiply(new GemmOperands(false, false, m, tile, depth, weight, weightOffset, depth,
                column, 0, tile, output, outputOffset + first, pixels, accumulate), parallel);
        }
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

    private static void BackwardWeightGroup(in ConvGeometry g, int group, float[] input, float[] gradOutput, float[] gradWeight, float[] column, bool parallel)
    {
        int m = g.OutChannelsPerGroup, depth = g.ColumnRows, pixels = g.OutPlane, channels = g.InChannelsPerGroup;
        int weightOffset = group * m * depth;
        bool accumulate = false;
        for (int sample = 0; sample < g.Batch; sample++)
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
