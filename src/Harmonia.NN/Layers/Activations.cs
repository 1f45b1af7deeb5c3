using Harmonia.Tensors;

namespace Harmonia.NN.Layers;

/// <summary>max(x, 0), as <c>nn.ReLU</c>. The in-place flag of PyTorch has no meaning here: ops never write into inputs.</summary>
public sealed class ReLU : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Functional.Relu(x);
}

/// <summary><c>nn.LeakyReLU</c> with PyTorch's default slope 0.01.</summary>
public sealed class LeakyReLU(float negativeSlope = 0.01f) : Layer
{
    /// <summary>The slope for negative inputs.</summary>
    public float NegativeSlope { get; } = negativeSlope;
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Functional.LeakyRelu(x, NegativeSlope);
}

/// <summary><c>nn.Sigmoid</c>.</summary>
public sealed class Sigmoid : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Functional.Sigmoid(x);
}

/// <summary><c>nn.Tanh</c>.</summary>
public sealed class Tanh : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Functional.Tanh(x);
}

/// <summary><c>nn.GELU</c> (exact erf form).</summary>
public sealed class GELU : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Functional.Gelu(x);
}

/// <summary><c>nn.ELU</c>.</summary>
public sealed class ELU(float alpha = 1f) : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Functional.Elu(x, alpha);
}

/// <summary><c>nn.Identity</c>: returns its input. Occupies an index in a <see cref="Sequential"/> as in PyTorch.</summary>
public sealed class Identity : Layer
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => x;
}
