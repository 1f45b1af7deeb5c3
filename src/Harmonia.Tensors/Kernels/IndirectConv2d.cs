using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// The forward pass of a thin convolution without im2col: the input is copied once into
/// zero-padded planes, split by phase when the stride is above one, and
/// <see cref="IndirectMicroKernel"/> reads every tap's row straight from them
/// (<see cref="IndirectConvolution"/>).
/// </summary>
/// <remarks>
/// With stride s, input pixel <c>(s·i + a − p, s·j + b − p)</c> goes to row i, column j of phase plane
/// (a, b) of its channel. Output pixel (y, x) reads tap (ky, kx) at input <c>(s·y + ky − p, s·x + kx − p)</c>,
/// which is position <c>(y + ky / s, x + kx / s)</c> of phase plane <c>(ky mod s, kx mod s)</c>: for every
/// tap, a fixed offset from the output's own position, so the convolution becomes a stride-1
/// correlation over C·s² planes. The shared dimension is ordered (channel, ky, kx), as the weight
/// is stored, so the weight packs as it is. Each output value is one chain of multiply-adds in
/// that order, whatever the tiling or thread count.
/// </remarks>
internal static class IndirectConv2d
{
    /// <summary>
    /// Whether this kernel computes <paramref name="g"/>'s forward pass: one group, no dilation, not
    /// a plain matrix product, a weight within <see cref="IndirectConvolution.MaxWeightFloats"/>, and
    /// 512-bit vectors for the micro-kernel.
    /// </summary>
    public static bool Applies(in ConvGeometry g)
        => g.Groups == 1 && g.DilationHeight == 1 && g.DilationWidth == 1 && !g.IsPointwise && g.Batch > 0
            && GemmKernelSelection.Current == GemmKernelKind.Vector512
            && (long)g.OutChannels * g.ColumnRows <= IndirectConvolution.MaxWeightFloats;

    /// <summary>The phase planes: s·s per input channel, each of this size.</summary>
    private readonly record struct PhasePlanes(int StrideY, int StrideX, int PaddingY, int PaddingX, int Height, int Width)
    {
        public int Plane => Height * Width;

        public static PhasePlanes For(in ConvGeometry g)
            => new(g.StrideHeight, g.StrideWidth, g.PaddingHeight, g.PaddingWidth,
                g.OutHeight + (g.KernelHeight - 1) / g.StrideHeight, g.OutWidth + (g.KernelWidth - 1) / g.StrideWidth);
    }

    /// <summary><c>output = conv(input, weight) + bias</c>, overwriting output; <see cref="Applies"/> must hold.</summary>
    /// <param name="g">The convolution.</param>
    /// <param name="input"><c>[Batch, InChannels, InHeight, InWidth]</c>.</param>
    /// <param name="weight"><c>[OutChannels, InChannels, KernelHeight, KernelWidth]</c>.</param>
    /// <param name="bias"><c>[OutChannels]</c>, or null.</param>
    /// <param name="output"><c>[Batch, OutChannels, OutHeight, OutWidth]</c>.</param>
    public static unsafe void Run(ConvGeometry g, float[] input, float[] weight, float[]? bias, float[] output)
    {
        var planes = PhasePlanes.For(g);
        int phases = g.StrideHeight * g.StrideWidth, depth = g.ColumnRows;
        long planesPerSample = (long)g.InChannels * phases;
        float[] padded = BufferPool.Rent(checked((int)(g.Batch * planesPerSample * planes.Plane + IndirectConvolution.Slack)));
        float[] packed = PinnedBufferPool.Rent(IndirectConvolution.PackedFloats(g.OutChannels, depth));
        try
        {
            padded.AsSpan(padded.Length - IndirectConvolution.Slack).Clear();
            CopyPhasePlanes(g, planes, input, padded);
            IndirectConvolution.PackWeights(weight.AsSpan(0, g.OutChannels * depth), g.OutChannels, depth, packed);
            var rowOffsets = TapOffsets(g, planes);
            int rowsPerTile = IndirectConvolution.RowsPerTile(planesPerSample * planes.Width, (g.KernelHeight - 1) / g.StrideHeight, (long)g.Batch * g.OutHeight);
            int tilesPerSample = (g.OutHeight + rowsPerTile - 1) / rowsPerTile;
            var grid = new IndirectConvolution.TargetGrid(0, 1, 0, 1, g.OutWidth, g.OutWidth, g.OutPlane, g.OutChannels);
            ParallelRange.For(g.Batch * tilesPerSample, 1, (start, end) =>
            {
                fixed (float* paddedBase = padded, packedBase = packed)
                fixed (int* offsets = rowOffsets)
                    for (int i = start; i < end; i++)
                    {
                        int sample = i / tilesPerSample, firstRow = i % tilesPerSample * rowsPerTile;
                        float* b = paddedBase + sample * planesPerSample * planes.Plane + (long)firstRow * planes.Width;
                        IndirectConvolution.RunTile(depth, packedBase, offsets, b, planes.Width, firstRow, Math.Min(rowsPerTile, g.OutHeight - firstRow),
                            grid, bias, output, (long)sample * g.OutChannels * g.OutPlane);
                    }
            });
        }
        finally
        {
            BufferPool.Return(padded);
            PinnedBufferPool.Return(packed);
        }
    }

    /// <summary>Per shared row (c, ky, kx), its offset from an output's own position: its phase plane, then (ky / s, kx / s) within it.</summary>
    private static int[] TapOffsets(in ConvGeometry g, PhasePlanes planes)
    {
        int sy = g.StrideHeight, sx = g.StrideWidth;
        var offsets = new int[g.ColumnRows];
        for (int c = 0; c < g.InChannels; c++)
            for (int ky = 0; ky < g.KernelHeight; ky++)
                for (int kx = 0; kx < g.KernelWidth; kx++)
                {
                    int plane = (c * sy + ky % sy) * sx + kx % sx;
                    offsets[(c * g.KernelHeight + ky) * g.KernelWidth + kx] = plane * planes.Plane + ky / sy * planes.Width + kx / sx;
                }
        return offsets;
    }

    /// <summary>Copies every input plane into its s·s zero-padded phase planes.</summary>
    private static void CopyPhasePlanes(ConvGeometry g, PhasePlanes planes, float[] input, float[] padded)
    {
        int sy = planes.StrideY, sx = planes.StrideX, inputWidth = g.InWidth, inputHeight = g.InHeight;
        int count = g.Batch * g.InChannels * sy * sx;
        ParallelRange.For(count, ParallelRange.ChunkSize(count), (start, end) =>
        {
            for (int index = start; index < end; index++)
            {
                // index = ((sample·C + c)·sy + a)·sx + b: the plane of input plane (sample, c) for phase (a, b).
                int b = index % sx, a = index / sx % sy, inputPlane = index / (sx * sy);
                var to = padded.AsSpan(index * planes.Plane, planes.Plane);
                var from = input.AsSpan(inputPlane * g.InPlane, g.InPlane);
                // Columns j whose input column s·j + b − p lies in [0, W).
                int lo = Math.Clamp((planes.PaddingX - b + sx - 1) / sx, 0, planes.Width);
                int last = inputWidth - 1 + planes.PaddingX - b;
                int hi = Math.Clamp(last < 0 ? 0 : last / sx + 1, lo, planes.Width);
                for (int i = 0; i < planes.Height; i++)
                {
                    var line = to.Slice(i * planes.Width, planes.Width);
                    int y = sy * i + a - planes.PaddingY;
                    if (y < 0 || y >= inputHeight || hi == lo)
                    {
                        line.Clear();
                        continue;
                    }
                    line[..lo].Clear();
                    line[hi..].Clear();
                    var row = from.Slice(y * inputWidth, inputWidth);
                    int x = sx * lo + b - planes.PaddingX;
                    if (sx == 1) row.Slice(x, hi - lo).CopyTo(line[lo..hi]);
                    else
                        for (int j = lo; j < hi; j++, x += sx) line[j] = row[x];
                }
            }
        });
    }
}
