using Harmonia.Tensors;

namespace Harmonia.NN.Layers;

/// <summary>
/// <c>nn.InstanceNorm2d</c>: each (sample, channel) plane normalised to zero mean and unit
/// variance. PyTorch's default has no affine parameters and no running statistics.
/// </summary>
public sealed class InstanceNorm2d : Layer
{
    private readonly Tensor? weight, bias;

    /// <summary>Creates the layer; <paramref name="affine"/> adds a learned scale (ones) and shift (zeros).</summary>
    public InstanceNorm2d(int channels, float eps = 1e-5f, bool affine = false)
    {
        Eps = eps;
        if (affine)
        {
            weight = RegisterParameter("weight", Tensor.Ones(channels));
            bias = RegisterParameter("bias", Tensor.Zeros(channels));
        }
    }

    /// <summary>Added to the variance before the square root.</summary>
    public float Eps { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => Functional.InstanceNorm(x, weight, bias, Eps);
}

/// <summary>
/// <c>nn.BatchNorm2d</c> with affine parameters and running statistics (momentum 0.1): batch
/// statistics in training mode, running ones in evaluation mode.
/// </summary>
public sealed class BatchNorm2d : Layer
{
    /// <summary>Creates the layer with weight 1, bias 0, running mean 0 and running variance 1.</summary>
    public BatchNorm2d(int channels, float eps = 1e-5f, float momentum = 0.1f)
    {
        Eps = eps;
        Momentum = momentum;
        Weight = RegisterParameter("weight", Tensor.Ones(channels));
        Bias = RegisterParameter("bias", Tensor.Zeros(channels));
        RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(channels));
        RunningVar = RegisterBuffer("running_var", Tensor.Ones(channels));
        // PyTorch keeps an int64 counter; it is stored here as float and only counted.
        NumBatchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Zeros([]));
    }

    /// <summary>Learned scale.</summary>
    public Tensor Weight { get; }
    /// <summary>Learned shift.</summary>
    public Tensor Bias { get; }
    /// <summary>Running mean used in evaluation mode.</summary>
    public Tensor RunningMean { get; }
    /// <summary>Running (unbiased) variance used in evaluation mode.</summary>
    public Tensor RunningVar { get; }
    /// <summary>How many training batches updated the running statistics.</summary>
    public Tensor NumBatchesTracked { get; }
    /// <summary>Added to the variance before the square root.</summary>
    public float Eps { get; }
    /// <summary>Weight of the newest batch in the running statistics.</summary>
    public float Momentum { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        if (Training) NumBatchesTracked.Data[0] += 1;
        return Functional.BatchNorm(x, RunningMean, RunningVar, Weight, Bias, Training, Momentum, Eps);
    }
}
