namespace Harmonia.Tensors.Kernels;

/// <summary>
/// The geometry of a 2-D convolution with PyTorch semantics: input <c>[Batch, InChannels, InHeight, InWidth]</c>,
/// weight <c>[OutChannels, InChannels/Groups, KernelHeight, KernelWidth]</c>, output
/// <c>[Batch, OutChannels, OutHeight, OutWidth]</c>, all NCHW row-major.
/// </summary>
public readonly record struct Conv2dShape(int Batch, int InChannels, int InHeight, int InWidth, int OutChannels,
    int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth, int PaddingHeight, int PaddingWidth,
    int DilationHeight, int DilationWidth, int Groups)
{
    /// <summary><c>⌊(InHeight + 2·PaddingHeight − DilationHeight·(KernelHeight − 1) − 1) / StrideHeight⌋ + 1</c>; 0 when the kernel does not fit.</summary>
    public int OutHeight => OutputSize(InHeight, PaddingHeight, DilationHeight, KernelHeight, StrideHeight);

    /// <summary><c>⌊(InWidth + 2·PaddingWidth − DilationWidth·(KernelWidth − 1) − 1) / StrideWidth⌋ + 1</c>; 0 when the kernel does not fit.</summary>
    public int OutWidth => OutputSize(InWidth, PaddingWidth, DilationWidth, KernelWidth, StrideWidth);

    /// <summary>Floats in the input, <c>Batch·InChannels·InHeight·InWidth</c>.</summary>
    public long InputLength => (long)Batch * InChannels * InHeight * InWidth;

    /// <summary>Floats in the output, <c>Batch·OutChannels·OutHeight·OutWidth</c>.</summary>
    public long OutputLength => (long)Batch * OutChannels * OutHeight * OutWidth;

    /// <summary>Floats in the weight, <c>OutChannels·(InChannels/Groups)·KernelHeight·KernelWidth</c>.</summary>
    public long WeightLength => (long)OutChannels * (Groups > 0 ? InChannels / Groups : 0) * KernelHeight * KernelWidth;

    /// <summary>A square convolution: same kernel, stride, padding and dilation in both directions.</summary>
    public static Conv2dShape Square(int batch, int inChannels, int inHeight, int inWidth, int outChannels, int kernel,
        int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
        => new(batch, inChannels, inHeight, inWidth, outChannels, kernel, kernel, stride, stride, padding, padding, dilation, dilation, groups);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the problem when the geometry is not a valid convolution.</summary>
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
        ConvShapeChecks.AtLeast(DilationHeight, 1, nameof(DilationHeight));
        ConvShapeChecks.AtLeast(DilationWidth, 1, nameof(DilationWidth));
        ConvShapeChecks.AtLeast(Groups, 1, nameof(Groups));
        ConvShapeChecks.DividesChannels(InChannels, Groups, nameof(InChannels));
        ConvShapeChecks.DividesChannels(OutChannels, Groups, nameof(OutChannels));
        if (OutHeight < 1 || OutWidth < 1)
            throw new ArgumentException(
                $"The dilated kernel ({DilationHeight * (KernelHeight - 1L) + 1}×{DilationWidth * (KernelWidth - 1L) + 1}) is larger than the padded input " +
                $"({InHeight + 2L * PaddingHeight}×{InWidth + 2L * PaddingWidth}).");
        ConvShapeChecks.FitsOneArray(InputLength, "input");
        ConvShapeChecks.FitsOneArray(OutputLength, "output");
        ConvShapeChecks.FitsOneArray(WeightLength, "weight");
    }

    /// <summary>The view the convolution engine computes with.</summary>
    internal ConvGeometry ToGeometry() => new(Batch, InChannels, InHeight, InWidth, OutChannels, OutHeight, OutWidth,
        KernelHeight, KernelWidth, StrideHeight, StrideWidth, PaddingHeight, PaddingWidth, DilationHeight, DilationWidth, Groups);

    private static int OutputSize(int input, int padding, int dilation, int kernel, int stride)
    {
        if (stride < 1) return 0;
        long span = (long)input + 2L * padding - (long)dilation * (kernel - 1) - 1;
        long size = ConvShapeChecks.FloorDiv(span, stride) + 1;
        return (int)Math.Clamp(size, 0, int.MaxValue);
    }
}
