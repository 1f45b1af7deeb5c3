namespace Harmonia.Tensors.Kernels;

/// <summary>
/// The geometry of a 2-D transposed convolution with PyTorch semantics: input <c>[Batch, InChannels, InHeight, InWidth]</c>,
/// weight <c>[InChannels, OutChannels/Groups, KernelHeight, KernelWidth]</c>, output
/// <c>[Batch, OutChannels, OutHeight, OutWidth]</c>, all NCHW row-major.
/// </summary>
public readonly record struct ConvTranspose2dShape(int Batch, int InChannels, int InHeight, int InWidth, int OutChannels,
    int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth, int PaddingHeight, int PaddingWidth,
    int OutputPaddingHeight, int OutputPaddingWidth, int DilationHeight, int DilationWidth, int Groups)
{
    /// <summary><c>(InHeight − 1)·StrideHeight − 2·PaddingHeight + DilationHeight·(KernelHeight − 1) + OutputPaddingHeight + 1</c>; 0 when not positive.</summary>
    public int OutHeight => OutputSize(InHeight, StrideHeight, PaddingHeight, DilationHeight, KernelHeight, OutputPaddingHeight);

    /// <summary><c>(InWidth − 1)·StrideWidth − 2·PaddingWidth + DilationWidth·(KernelWidth − 1) + OutputPaddingWidth + 1</c>; 0 when not positive.</summary>
    public int OutWidth => OutputSize(InWidth, StrideWidth, PaddingWidth, DilationWidth, KernelWidth, OutputPaddingWidth);

    /// <summary>Floats in the input, <c>Batch·InChannels·InHeight·InWidth</c>.</summary>
    public long InputLength => (long)Batch * InChannels * InHeight * InWidth;

    /// <summary>Floats in the output, <c>Batch·OutChannels·OutHeight·OutWidth</c>.</summary>
    public long OutputLength => (long)Batch * OutChannels * OutHeight * OutWidth;

    /// <summary>Floats in the weight, <c>InChannels·(OutChannels/Groups)·KernelHeight·KernelWidth</c>.</summary>
    public long WeightLength => (long)InChannels * (Groups > 0 ? OutChannels / Groups : 0) * KernelHeight * KernelWidth;

    /// <summary>A square transposed convolution: same kernel, stride, padding, output padding and dilation in both directions.</summary>
    public static ConvTranspose2dShape Square(int batch, int inChannels, int inHeight, int inWidth, int outChannels, int kernel,
        int stride = 1, int padding = 0, int outputPadding = 0, int dilation = 1, int groups = 1)
        => new(batch, inChannels, inHeight, inWidth, outChannels, kernel, kernel, stride, stride, padding, padding,
            outputPadding, outputPadding, dilation, dilation, groups);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the problem when the geometry is not a valid transposed convolution.</summary>
    public void Validate()
    {
        ConvShapeChecks.AtLeast(Batch, 0, nameof(Batch));
        ConvShapeChecks.AtLeast(InChannels, 1, nameof(InChannels));
        ConvShapeChecks.AtLeast(InHeight, 1, nameof(InHeight));
        ConvShapeChecks.AtLeast(InWidth, 1, nameof(InWidth));
        ConvShapeChecks.AtLeast(OutChannels, 1, nameof(OutChannels));
        ConvShapeChecks.AtLeast(KernelHeight, 1, nameof(KernelHeight));
        ConvShapeChecks.AtLeast(KernelWidth, 1, nameof(KernelWidth));
        ConvShapeChecks.AtLeast(StrideHeight, 1, nameof(StrideHeight));
        ConvShapeChecks.AtLeast(StrideWidth, 1, nameof(StrideWidth));
        ConvShapeChecks.AtLeast(PaddingHeight, 0, nameof(PaddingHeight));
        ConvShapeChecks.AtLeast(PaddingWidth, 0, nameof(PaddingWidth));
        ConvShapeChecks.AtLeast(OutputPaddingHeight, 0, nameof(OutputPaddingHeight));
        ConvShapeChecks.AtLeast(OutputPaddingWidth, 0, nameof(OutputPaddingWidth));
        ConvShapeChecks.AtLeast(DilationHeight, 1, nameof(DilationHeight));
        ConvShapeChecks.AtLeast(DilationWidth, 1, nameof(DilationWidth));
        ConvShapeChecks.AtLeast(Groups, 1, nameof(Groups));
        ConvShapeChecks.DividesChannels(InChannels, Groups, nameof(InChannels));
        ConvShapeChecks.DividesChannels(OutChannels, Groups, nameof(OutChannels));
        if (OutputPaddingHeight >= Math.Max(StrideHeight, DilationHeight) || OutputPaddingWidth >= Math.Max(StrideWidth, DilationWidth))
            throw new ArgumentException(
                $"Output padding ({OutputPaddingHeight}, {OutputPaddingWidth}) must be smaller than the stride or the dilation " +
                $"(stride {StrideHeight}×{StrideWidth}, dilation {DilationHeight}×{DilationWidth}).");
        if (OutHeight < 1 || OutWidth < 1)
            throw new ArgumentException($"The padding ({PaddingHeight}, {PaddingWidth}) leaves no output pixels for a {InHeight}×{InWidth} input.");
        ConvShapeChecks.FitsOneArray(InputLength, "input");
        ConvShapeChecks.FitsOneArray(OutputLength, "output");
        ConvShapeChecks.FitsOneArray(WeightLength, "weight");
    }

    /// <summary>
    /// The ordinary convolution whose input gradient this transposed convolution computes: it maps
    /// the transposed output (OutChannels planes) to the transposed input (InChannels planes) with
    /// the same weight tensor, stride, padding, dilation and groups.
    /// </summary>
    internal ConvGeometry ToGeometry() => new(Batch, OutChannels, OutHeight, OutWidth, InChannels, InHeight, InWidth,
        KernelHeight, KernelWidth, StrideHeight, StrideWidth, PaddingHeight, PaddingWidth, DilationHeight, DilationWidth, Groups);

    private static int OutputSize(int input, int stride, int padding, int dilation, int kernel, int outputPadding)
    {
        long size = ((long)input - 1) * stride - 2L * padding + (long)dilation * (kernel - 1) + outputPadding + 1;
        return (int)Math.Clamp(size, 0, int.MaxValue);
    }
}
