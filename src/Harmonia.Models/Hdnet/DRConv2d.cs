using Harmonia.NN;
using Harmonia.NN.Layers;
using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Models.Hdnet;

/// <summary>
/// HDNet's Mask-aware Global Dynamic block (the authors' DRConv2d with two regions). From
/// the globally pooled input it predicts two C×C kernels per image; each is applied to the
/// whole map as a per-sample 1×1 convolution, and the results are blended with the mask:
/// the first kernel serves the foreground, the second the background.
/// </summary>
public sealed class DRConv2d : Module
{
    private const int Regions = 2;
    private readonly int channels;

    /// <summary>Creates the block for <paramref name="channels"/> input and output channels.</summary>
    public DRConv2d(int channels)
    {
        this.channels = channels;
        KernelPredictor = RegisterModule("conv_kernel", new Sequential(
            new AdaptiveAvgPool2d(1),
            new Conv2d(channels, Regions * Regions, 1),
            new Sigmoid(),
            new Conv2d(Regions * Regions, Regions * channels * channels, 1, groups: Regions)));
        // Present in the authors' module and so in their checkpoints, but never used by its forward pass.
        RegisterModule("conv_guide", new Conv2d(channels, Regions, 1));
    }

    /// <summary>Pool → 1×1 conv → sigmoid → grouped 1×1 conv: [N, 2·C·C, 1, 1] kernel weights.</summary>
    public Sequential KernelPredictor { get; }

    /// <summary>
    /// Applies the predicted kernels to <paramref name="x"/> [N, C, H, W] and blends them by the mask:
    /// in inference with the fused <see cref="FusedInferenceKernels.RegionPointwise"/>, with gradients
    /// on as <see cref="ComposedForward"/>.
    /// </summary>
    public Tensor Forward(Tensor x, Tensor mask)
    {
        if (Autograd.IsEnabled) return ComposedForward(x, mask);
        int batch = x.Shape[0], height = x.Shape[2], width = x.Shape[3];
        var kernels = KernelPredictor.Forward(x).Reshape(batch, Regions * channels, channels);
        return FusedInferenceKernels.RegionPointwise(x, MaskOps.ResizeNearest(mask, height, width), kernels.Data);
    }

    /// <summary>
    /// The same function built from tensor ops: the readable definition, the training path, and the
    /// reference the fused kernel is tested against.
    /// </summary>
    public Tensor ComposedForward(Tensor x, Tensor mask)
    {
        int batch = x.Shape[0], height = x.Shape[2], width = x.Shape[3];
        var kernels = KernelPredictor.Forward(x).Reshape(batch, Regions * channels, channels);
        // A per-sample 1×1 convolution is a batched matrix product over the flattened pixels.
        var responses = BatchedMatMul(kernels, x.Reshape(batch, channels, height * width))
            .Reshape(batch, Regions, channels, height, width);
        var m = Unsqueeze(MaskOps.ResizeNearest(mask, height, width), 1);       // [N, 1, 1, H, W]
        var foreground = Narrow(responses, 1, 0, 1);
        var background = Narrow(responses, 1, 1, 1);
        return (foreground * m + background * (1f - m)).Reshape(batch, channels, height, width);
    }
}
