using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// The forward pass of a thin convolution without im2col: each tile copies the input rows it reads
/// into zero-padded planes of its own, split by phase when the stride is above one, and
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
    /// a plain matrix product, at least <see cref="MinDepth"/> shared rows, a weight within
    /// <see cref="IndirectConvolution.MaxWeightFloats"/>, and 512-bit vectors for the micro-kernel.
    /// </summary>
    public static bool Applies(in ConvGeometry g)
        => g.Groups == 1 && g.DilationHeight == 1 && g.DilationWidth == 1 && !g.IsPointwise && g.Batch > 0
            && GemmKernelSelection.Current == GemmKernelKind.Vector512
            && g.ColumnRows >= MinDepth && (long)g.OutChannels * g.ColumnRows <= IndirectConvolution.MaxWeightFloats;

    /// <summary>
    /// The fewest shared rows (input channels × taps) worth this form. Below it each micro-tile has too
    /// few multiply-adds to pay for writing its values out and for the copy into phase planes: HDNet's
    /// first two layers (4 channels 3×3, 36 rows; 8 channels 4×4 stride 2, 128 rows) ran 1.4 to 1.7 times
    /// slower than by im2col at 512², while 16 channels 3×3 (144 rows) ran 0.84 of its time.
    /// </summary>
    private const int MinDepth = 144;

    /// <summary>The phase planes' geometry: s·s per input channel, each <paramref name="Height"/> × <paramref name="Width"/>.</summary>
    internal readonly record struct PhasePlanes(int StrideY, int StrideX, int PaddingY, int PaddingX, int Height, int Width)
    {
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
    /// <remarks>
    /// A tile is some output rows of one sample: it copies the phase-plane rows they read into a buffer
    /// of its own, which stays in the core's L2 while the micro-kernel reads it.
    /// </remarks>
    public static unsafe void Run(ConvGeometry g, float[] input, float[] weight, float[]? bias, float[] output)
    {
        var planes = PhasePlanes.For(g);
        int depth = g.ColumnRows, extraRows = (g.KernelHeight - 1) / g.StrideHeight;
        int planesPerSample = g.InChannels * g.StrideHeight * g.StrideWidth;
        int rowsPerTile = IndirectConvolution.RowsPerTile((long)planesPerSample * planes.Width, extraRows, (long)g.Batch * g.OutHeight);
        int tileHeight = rowsPerTile + extraRows;
        int planeStride = IndirectConvolution.PlaneStride(tileHeight * planes.Width);
        long tileFloats = (long)planesPerSample * planeStride + IndirectConvolution.Slack;
        int tilesPerSample = (g.OutHeight + rowsPerTile - 1) / rowsPerTile;
        float[] packed = PinnedBufferPool.Rent(IndirectConvolution.PackedFloats(g.OutChannels, depth));
        try
        {
            IndirectConvolution.PackWeights(weight.AsSpan(0, g.OutChannels * depth), g.OutChannels, depth, packed);
            var rowOffsets = TapOffsets(g, planes, planeStride);
            var grid = new IndirectConvolution.TargetGrid(0, 1, 0, 1, g.OutWidth, g.OutWidth, g.OutPlane, g.OutChannels);
            ParallelRange.For(g.Batch * tilesPerSample, 1, (start, end) =>
            {
                float[] tileInput = PinnedBufferPool.Rent(tileFloats);
                try
                {
                    fixed (float* tileBase = tileInput, packedBase = packed)
                    fixed (int* offsets = rowOffsets)
                        for (int i = start; i < end; i++)
                        {
                            int sample = i / tilesPerSample, firstRow = i % tilesPerSample * rowsPerTile;
                            CopyTileRows(g, planes, input, sample, firstRow, tileHeight, tileInput, planeStride);
                            IndirectConvolution.RunTile(depth, packedBase, offsets, tileBase, planes.Width, firstRow, Math.Min(rowsPerTile, g.OutHeight - firstRow),
                                grid, bias, output, (long)sample * g.OutChannels * g.OutPlane);
                        }
                }
                finally
                {
                    PinnedBufferPool.Return(tileInput);
                }
            });
        }
        finally
        {
            PinnedBufferPool.Return(packed);
        }
    }

    /// <summary>Per shared row (c, ky, kx), its offset from an output's own position: its phase plane, then (ky / s, kx / s) within it.</summary>
    internal static int[] TapOffsets(in ConvGeometry g, PhasePlanes planes, int planeStride)
    {
        int sy = g.StrideHeight, sx = g.StrideWidth;
        var offsets = new int[g.ColumnRows];
        for (int c = 0; c < g.InChannels; c++)
            for (int ky = 0; ky < g.KernelHeight; ky++)
                for (int kx = 0; kx < g.KernelWidth; kx++)
                {
                    int plane = (c * sy + ky % sy) * sx + kx % sx;
                    offsets[(c * g.KernelHeight + ky) * g.KernelWidth + kx] = plane * planeStride + ky / sy * planes.Width + kx / sx;
                }
        return offsets;
    }

    /// <summary>
    /// Copies rows <c>[firstRow, firstRow + height)</c> of one sample's s·s phase planes per input
    /// channel into the tile's buffer, a plane every <paramref name="planeStride"/> floats: row i, column j
    /// of phase plane (a, b) holds input pixel <c>(s·i + a − p, s·j + b − p)</c>, zero outside the input.
    /// </summary>
    internal static void CopyTileRows(in ConvGeometry g, PhasePlanes planes, float[] input, int sample, int firstRow, int height, Span<float> tileInput, int planeStride)
    {
        int sy = planes.StrideY, sx = planes.StrideX;
        for (int c = 0; c < g.InChannels; c++)
        {
            var from = input.AsSpan((sample * g.InChannels + c) * g.InPlane, g.InPlane);
            for (int a = 0; a < sy; a++)
                for (int b = 0; b < sx; b++)
                    IndirectConvolution.CopyPaddedRows(from, g.InHeight, g.InWidth, a - planes.PaddingY, b - planes.PaddingX, sy, sx,
                        firstRow, height, planes.Width, tileInput.Slice(((c * sy + a) * sx + b) * planeStride, height * planes.Width));
        }
    }
}
