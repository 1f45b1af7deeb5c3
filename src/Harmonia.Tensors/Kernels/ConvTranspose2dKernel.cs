namespace Harmonia.Tensors.Kernels;

/// <summary>
/// 2-D transposed convolution (PyTorch semantics, including output padding, dilation and groups)
/// on NCHW float arrays, forward and backward. See <see cref="ConvTranspose2dShape"/> for the layouts.
/// </summary>
/// <remarks>
/// A transposed convolution is the input gradient of the ordinary convolution that maps its output
/// back to its input with the same weight tensor, so the three passes reuse the convolution engine:
/// forward = GEMM + col2im over bounded tiles (tiles of one sample add up in a fixed order; samples
/// and groups write disjoint planes, so nothing races), input gradient = that convolution's forward,
/// weight gradient = that convolution's weight gradient with the roles of input and gradient swapped.
/// A wide 3×3 stride-1 padding-1 transposed convolution is also an ordinary same-size convolution
/// (filters transposed and rotated by 180°), so its forward and input-gradient passes go to
/// Winograd's kernel like the convolutions' (<see cref="WinogradConv3x3"/>).
/// Results are bit-identical for any <see cref="EngineSettings.Threads"/>.
/// </remarks>
public static class ConvTranspose2dKernel
{
    /// <summary><c>output = conv_transpose2d(input, weight) + bias</c>; overwrites output.</summary>
    /// <param name="s">The geometry; validated here.</param>
    /// <param name="input"><c>[Batch, InChannels, InHeight, InWidth]</c>.</param>
    /// <param name="weight"><c>[InChannels, OutChannels/Groups, KernelHeight, KernelWidth]</c>.</param>
    /// <param name="bias"><c>[OutChannels]</c>, or null for none.</param>
    /// <param name="output"><c>[Batch, OutChannels, OutHeight, OutWidth]</c>.</param>
    public static void Forward(in ConvTranspose2dShape s, float[] input, float[] weight, float[]? bias, float[] output)
    {
        s.Validate();
        ConvShapeChecks.Length(input, s.InputLength, nameof(input));
        ConvShapeChecks.Length(weight, s.WeightLength, nameof(weight));
        ConvShapeChecks.Length(bias, s.OutChannels, nameof(bias), optional: true);
        ConvShapeChecks.Length(output, s.OutputLength, nameof(output));
        // 3×3, stride 1, padding 1: a convolution with the filters transposed and rotated (Winograd).
        if (AsWinogradConvolution(s) is { } convolution)
            WinogradConv3x3.Forward(convolution, input, weight, bias, output, transposedFlipped: true);
        else ConvolutionCore.BackwardData(s.ToGeometry(), input, weight, bias, output);
    }

    /// <summary>The gradient with respect to the input; overwrites <paramref name="gradInput"/> (<c>[Batch, InChannels, InHeight, InWidth]</c>).</summary>
    /// <param name="s">The geometry; validated here.</param>
    /// <param name="gradOutput"><c>[Batch, OutChannels, OutHeight, OutWidth]</c>.</param>
    /// <param name="weight"><c>[InChannels, OutChannels/Groups, KernelHeight, KernelWidth]</c>.</param>
    /// <param name="gradInput">Receives the gradient.</param>
    public static void BackwardInput(in ConvTranspose2dShape s, float[] gradOutput, float[] weight, float[] gradInput)
    {
        s.Validate();
        ConvShapeChecks.Length(gradOutput, s.OutputLength, nameof(gradOutput));
        ConvShapeChecks.Length(weight, s.WeightLength, nameof(weight));
        ConvShapeChecks.Length(gradInput, s.InputLength, nameof(gradInput));
        // 3×3, stride 1, padding 1: a plain convolution of the gradient with the weight as stored.
        if (AsWinogradConvolution(s) is { } convolution)
            WinogradConv3x3.Forward(convolution with { InChannels = s.OutChannels, OutChannels = s.InChannels }, gradOutput, weight, null, gradInput);
        else ConvolutionCore.Forward(s.ToGeometry(), gradOutput, weight, null, gradInput);
    }

    /// <summary>
    /// The gradients with respect to the weight and the bias, summed over the batch; overwrites
    /// <paramref name="gradWeight"/> (<c>[InChannels, OutChannels/Groups, KernelHeight, KernelWidth]</c>)
    /// and, when given, <paramref name="gradBias"/> (<c>[OutChannels]</c>).
    /// </summary>
    /// <param name="s">The geometry; validated here.</param>
    /// <param name="input"><c>[Batch, InChannels, InHeight, InWidth]</c>.</param>
    /// <param name="gradOutput"><c>[Batch, OutChannels, OutHeight, OutWidth]</c>.</param>
    /// <param name="gradWeight">Receives the weight gradient.</param>
    /// <param name="gradBias">Receives the bias gradient, or null to skip it.</param>
    public static void BackwardWeight(in ConvTranspose2dShape s, float[] input, float[] gradOutput, float[] gradWeight, float[]? gradBias)
    {
        s.Validate();
        ConvShapeChecks.Length(input, s.InputLength, nameof(input));
        ConvShapeChecks.Length(gradOutput, s.OutputLength, nameof(gradOutput));
        ConvShapeChecks.Length(gradWeight, s.WeightLength, nameof(gradWeight));
        ConvShapeChecks.Length(gradBias, s.OutChannels, nameof(gradBias), optional: true);
        // In the engine's view the transposed output is the convolution's input and the transposed input its output gradient.
        ConvolutionCore.BackwardWeight(s.ToGeometry(), gradOutput, input, gradWeight);
        if (gradBias is not null)
            ConvolutionCore.SumPerChannel(gradOutput, s.Batch, s.OutChannels, s.OutHeight * s.OutWidth, gradBias);
    }

    /// <summary>
    /// The same-size convolution (input channels to output channels) that a 3×3 stride-1 padding-1
    /// transposed convolution equals, when Winograd's kernel takes it; null otherwise.
    /// </summary>
    private static Conv2dShape? AsWinogradConvolution(in ConvTranspose2dShape s)
    {
        if (s.OutputPaddingHeight != 0 || s.OutputPaddingWidth != 0) return null;
        var convolution = new Conv2dShape(s.Batch, s.InChannels, s.InHeight, s.InWidth, s.OutChannels, s.KernelHeight, s.KernelWidth,
            s.StrideHeight, s.StrideWidth, s.PaddingHeight, s.PaddingWidth, s.DilationHeight, s.DilationWidth, s.Groups);
        return WinogradConv3x3.Applies(convolution) ? convolution : null;
    }
}
