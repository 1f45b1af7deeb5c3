using Harmonia.Tensors;

namespace Harmonia.NN.Layers;

/// <summary><c>nn.AdaptiveAvgPool2d</c> to a square output.</summary>
public sealed class AdaptiveAvgPool2d(int outputSize) : Layer
{
    /// <summary>Output height and width.</summary>
    public int OutputSize { get; } = outputSize;
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Functional.AdaptiveAvgPool2d(x, OutputSize, OutputSize);
}
