using Harmonia.Tensors;
using Harmonia.Tensors.Random;

namespace Harmonia.NN.Layers;

/// <summary><c>nn.Conv2d</c>: weight [out, in/groups, k, k] and optional bias [out], PyTorch's default initialisation.</summary>
public sealed class Conv2d : Layer, IResettable
{
    /// <summary>Creates the layer.</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true)
    {
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"Conv2d: {inChannels} in and {outChannels} out channels are not divisible by {groups} groups.");
        (Stride, Padding, Dilation, Groups) = (stride, padding, dilation, groups);
        Weight = RegisterParameter("weight", Tensor.Zeros(outChannels, inChannels / groups, kernelSize, kernelSize));
        if (bias) Bias = RegisterParameter("bias", Tensor.Zeros(outChannels));
        ResetParameters(LayerInit.Generator);
    }

    /// <summary>The kernels.</summary>
    public Tensor Weight { get; }
    /// <summary>The per-channel bias, if any.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public void ResetParameters(RandomGenerator generator) => LayerInit.PyTorchDefault(Weight, Bias, generator);
    /// <summary>Step between windows.</summary>
    public int Stride { get; }
    /// <summary>Zero padding on each side.</summary>
    public int Padding { get; }
    /// <summary>Spacing of kernel taps.</summary>
    public int Dilation { get; }
    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Functional.Conv2d(x, Weight, Bias, Stride, Padding, Dilation, Groups);
}

/// <summary><c>nn.ConvTranspose2d</c>: weight [in, out/groups, k, k] and optional bias [out].</summary>
public sealed class ConvTranspose2d : Layer, IResettable
{
    /// <summary>Creates the layer.</summary>
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int outputPadding = 0, int groups = 1, bool bias = true, int dilation = 1)
    {
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"ConvTranspose2d: {inChannels} in and {outChannels} out channels are not divisible by {groups} groups.");
        (Stride, Padding, OutputPadding, Groups, Dilation) = (stride, padding, outputPadding, groups, dilation);
        Weight = RegisterParameter("weight", Tensor.Zeros(inChannels, outChannels / groups, kernelSize, kernelSize));
        if (bias) Bias = RegisterParameter("bias", Tensor.Zeros(outChannels));
        ResetParameters(LayerInit.Generator);
    }

    /// <summary>The kernels.</summary>
    public Tensor Weight { get; }
    /// <summary>The per-channel bias, if any.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public void ResetParameters(RandomGenerator generator) => LayerInit.PyTorchDefault(Weight, Bias, generator);
    /// <summary>Upsampling step.</summary>
    public int Stride { get; }
    /// <summary>Rows and columns removed from each side of the full output.</summary>
    public int Padding { get; }
    /// <summary>Extra rows and columns added on one side.</summary>
    public int OutputPadding { get; }
    /// <summary>Channel groups.</summary>
    public int Groups { get; }
    /// <summary>Spacing of kernel taps.</summary>
    public int Dilation { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Functional.ConvTranspose2d(x, Weight, Bias, Stride, Padding, OutputPadding, Groups, Dilation);
}

/// <summary><c>nn.Conv1d</c> over [N, C, L] inputs: weight [out, in/groups, k].</summary>
public sealed class Conv1d : Layer, IResettable
{
    /// <summary>Creates the layer.</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, bool bias = true)
    {
        (Stride, Padding) = (stride, padding);
        Weight = RegisterParameter("weight", Tensor.Zeros(outChannels, inChannels, kernelSize));
        if (bias) Bias = RegisterParameter("bias", Tensor.Zeros(outChannels));
        ResetParameters(LayerInit.Generator);
    }

    /// <summary>The kernels.</summary>
    public Tensor Weight { get; }
    /// <summary>The per-channel bias, if any.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public void ResetParameters(RandomGenerator generator) => LayerInit.PyTorchDefault(Weight, Bias, generator);
    /// <summary>Step between windows.</summary>
    public int Stride { get; }
    /// <summary>Zero padding on each side.</summary>
    public int Padding { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Functional.Conv1d(x, Weight, Bias, Stride, Padding);
}

/// <summary><c>nn.Linear</c>: y = x·Wᵀ + b with weight [out, in].</summary>
public sealed class Linear : Layer, IResettable
{
    /// <summary>Creates the layer.</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true)
    {
        Weight = RegisterParameter("weight", Tensor.Zeros(outFeatures, inFeatures));
        if (bias) Bias = RegisterParameter("bias", Tensor.Zeros(outFeatures));
        ResetParameters(LayerInit.Generator);
    }

    /// <summary>The weight matrix [out, in].</summary>
    public Tensor Weight { get; }
    /// <summary>The bias, if any.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public void ResetParameters(RandomGenerator generator) => LayerInit.PyTorchDefault(Weight, Bias, generator);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Functional.Linear(x, Weight, Bias);
}
