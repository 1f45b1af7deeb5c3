namespace Harmonia.Tensors.Kernels;

/// <summary>
/// 2-D convolution (PyTorch semantics: cross-correlation with zero padding, dilation and groups)
/// on NCHW float arrays, forward and backward. See <see cref="Conv2dShape"/> for the layouts.
/// </summary>
/// <remarks>
/// Uses a direct GEMM per sample and group for 1×1 stride-1 unpadded convolutions, Winograd's
/// F(2×2, 3×3) for the forward and input-gradient passes of wide 3×3 stride-1 ones (<see cref="WinogradConv3x3"/>),
/// on machines with 512-bit vectors the indirect micro-kernel over padded tiles for thin ones (forward:
/// <see cref="IndirectConv2d"/>; input gradient: <see cref="SubPixelTransposedConv"/>; weight gradient:
/// <see cref="IndirectWeightGradient"/>), and im2col + GEMM over bounded tiles of output pixels otherwise,
/// so memory stays at a few MiB per thread for any image size. Results are bit-identical for any
/// <see cref="EngineSettings.Threads"/>. Arrays may be longer than the shape needs; only the leading part is used.
/// </remarks>
public static class Conv2dKernel
{
    /// <summary><c>output = conv2d(input, weight) + bias</c>; overwrites output.</summary>
    /// <param name="s">The geometry; validated here.</param>
    /// <param name="input"><c>[Batch, InChannels, InHeight, InWidth]</c>.</param>
    /// <param name="weight"><c>[OutChannels, InChannels/Groups, KernelHeight, KernelWidth]</c>.</param>
    /// <param name="bias"><c>[OutChannels]</c>, or null for none.</param>
    /// <param name="output"><c>[Batch, OutChannels, OutHeight, OutWidth]</c>.</param>
    public static void Forward(in Conv2dShape s, float[] input, float[] weight, float[]? bias, float[] output)
    {
        s.Validate();
        ConvShapeChecks.Length(input, s.InputLength, nameof(input));
        ConvShapeChecks.Length(weight, s.WeightLength, nameof(weight));
        ConvShapeChecks.Length(bias, s.OutChannels, nameof(bias), optional: true);
        ConvShapeChecks.Length(output, s.OutputLength, nameof(output));
        if (WinogradConv3x3.Applies(s)) WinogradConv3x3.Forward(s, input, weight, bias, output);
        else ConvolutionCore.Forward(s.ToGeometry(), input, weight, bias, output);
    }

    /// <summary>The gradient with respect to the input; overwrites <paramref name="gradInput"/> (<c>[Batch, InChannels, InHeight, InWidth]</c>).</summary>
    /// <param name="s">The geometry; validated here.</param>
    /// <param name="gradOutput"><c>[Batch, OutChannels, OutHeight, OutWidth]</c>.</param>
    /// <param name="weight"><c>[OutChannels, InChannels/Groups, KernelHeight, KernelWidth]</c>.</param>
    /// <param name="gradInput">Receives the gradient; input pixels no kernel tap reaches get zero.</param>
    public static void BackwardInput(in Conv2dShape s, float[] gradOutput, float[] weight, float[] gradInput)
    {
        s.Validate();
        ConvShapeChecks.Length(gradOutput, s.OutputLength, nameof(gradOutput));
        ConvShapeChecks.Length(weight, s.WeightLength, nameof(weight));
        ConvShapeChecks.Length(gradInput, s.InputLength, nameof(gradInput));
        // For a 3×3 stride-1 padding-1 convolution the input gradient is itself such a convolution
        // (channels swapped, filters rotated by 180°), which Winograd's kernel computes directly.
        if (WinogradConv3x3.Applies(s))
            WinogradConv3x3.Forward(s with { InChannels = s.OutChannels, OutChannels = s.InChannels }, gradOutput, weight, null, gradInput, transposedFlipped: true);
        else ConvolutionCore.BackwardData(s.ToGeometry(), gradOutput, weight, null, gradInput);
    }

    /// <summary>
    /// The gradients with respect to the weight and the bias, summed over the batch; overwrites
    /// <paramref name="gradWeight"/> (<c>[OutChannels, InChannels/Groups, KernelHeight, KernelWidth]</c>)
    /// and, when given, <paramref name="gradBias"/> (<c>[OutChannels]</c>).
    /// </summary>
    /// <param name="s">The geometry; validated here.</param>
    /// <param name="input"><c>[Batch, InChannels, InHeight, InWidth]</c>.</param>
    /// <param name="gradOutput"><c>[Batch, OutChannels, OutHeight, OutWidth]</c>.</param>
    /// <param name="gradWeight">Receives the weight gradient.</param>
    /// <param name="gradBias">Receives the bias gradient, or null to skip it.</param>
    public static void BackwardWeight(in Conv2dShape s, float[] input, float[] gradOutput, float[] gradWeight, float[]? gradBias)
    {
        s.Validate();
        ConvShapeChecks.Length(input, s.InputLength, nameof(input));
        ConvShapeChecks.Length(gradOutput, s.OutputLength, nameof(gradOutput));
        ConvShapeChecks.Length(gradWeight, s.WeightLength, nameof(gradWeight));
        ConvShapeChecks.Length(gradBias, s.OutChannels, nameof(gradBias), optional: true);
        ConvolutionCore.BackwardWeight(s.ToGeometry(), input, gradOutput, gradWeight);
        if (gradBias is not null)
            ConvolutionCore.SumPerChannel(gradOutput, s.Batch, s.OutChannels, s.OutHeight * s.OutWidth, gradBias);
    }
}
