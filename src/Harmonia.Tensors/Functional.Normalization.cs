using Harmonia.Tensors.Kernels;

namespace Harmonia.Tensors;

public static partial class Functional
{
    /// <summary>
    /// Instance normalization of an [N, C, H, W] tensor: each (n, c) plane is shifted and scaled
    /// to zero mean and unit (biased) variance, then multiplied by <paramref name="weight"/>[c] and
    /// shifted by <paramref name="bias"/>[c] when given (PyTorch's <c>affine=True</c>).
    /// </summary>
    public static Tensor InstanceNorm(Tensor x, Tensor? weight = null, Tensor? bias = null, float eps = 1e-5f)
    {
        RequireRank(x, 4, "instance_norm");
        RequirePerChannel(weight, x.Shape[1], "instance_norm", nameof(weight));
        RequirePerChannel(bias, x.Shape[1], "instance_norm", nameof(bias));
        var groups = new NormGroups(x.Shape[0], x.Shape[1], x.Shape[2] * x.Shape[3], PerChannelAcrossBatch: false);
        return NormalizeWithBatchStatistics("instance_norm", x, groups, weight, bias, eps, null);
    }

    /// <summary>
    /// Batch normalization of an [N, C, H, W] tensor. In training it normalises with the batch's
    /// own statistics and updates the running ones in place:
    /// running = (1 − momentum)·running + momentum·batch, using the unbiased batch variance.
    /// Otherwise it normalises with the running statistics.
    /// </summary>
    public static Tensor BatchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor? weight, Tensor? bias,
        bool training, float momentum = 0.1f, float eps = 1e-5f)
    {
        RequireRank(x, 4, "batch_norm");
        int channels = x.Shape[1];
        RequirePerChannel(runningMean, channels, "batch_norm", nameof(runningMean));
        RequirePerChannel(runningVar, channels, "batch_norm", nameof(runningVar));
        RequirePerChannel(weight, channels, "batch_norm", nameof(weight));
        RequirePerChannel(bias, channels, "batch_norm", nameof(bias));
        var groups = new NormGroups(x.Shape[0], channels, x.Shape[2] * x.Shape[3], PerChannelAcrossBatch: true);
        if (training)
        {
            if (groups.ElementsPerGroup < 2)
                throw new ArgumentException($"Batch norm in training needs more than one value per channel, got input {ShapeMath.Format(x.Shape)}.");
            return NormalizeWithBatchStatistics("batch_norm", x, groups, weight, bias, eps, (mean, variance) =>
            {
                float unbias = groups.ElementsPerGroup / (float)(groups.ElementsPerGroup - 1);
                for (int c = 0; c < channels; c++)
                {
                    runningMean.Data[c] = (1 - momentum) * runningMean.Data[c] + momentum * mean[c];
                    runningVar.Data[c] = (1 - momentum) * runningVar.Data[c] + momentum * variance[c] * unbias;
                }
            });
        }

        // Eval: a fixed per-channel affine map, y = x·a + b.
        var invStd = runningVar.Data.Select(v => 1f / MathF.Sqrt(v + eps)).ToArray();
        var y = Tensor.Empty(x.Shape);
        NormalizationKernels.Normalize(x.Data, groups, runningMean.Data, invStd, weight?.Data, bias?.Data, y.Data);
        var inputs = new List<Tensor> { x };
        if (weight is not null) inputs.Add(weight);
        if (bias is not null) inputs.Add(bias);
        return Autograd.Record("batch_norm_eval", y, [.. inputs], gy =>
        {
            var scaleOfInput = invStd.Select((s, c) => s * (weight?.Data[c] ?? 1f)).ToArray();
            x.AccumulateGrad(Mul(gy, Tensor.FromArray(scaleOfInput, 1, channels, 1, 1)));
            if (weight is not null)
            {
                var xhat = Mul(Sub(x, runningMean.Reshape(1, channels, 1, 1)), Tensor.FromArray(invStd, 1, channels, 1, 1));
                weight.AccumulateGrad(Sum(Mul(gy, xhat), [0, 2, 3]).Reshape(weight.Shape));
            }
            bias?.AccumulateGrad(Sum(gy, [0, 2, 3]).Reshape(bias.Shape));
        });
    }

    private static Tensor NormalizeWithBatchStatistics(string name, Tensor x, NormGroups groups, Tensor? weight, Tensor? bias, float eps,
        Action<float[], float[]>? onStatistics)
    {
        var mean = new float[groups.Count];
        var variance = new float[groups.Count];
        NormalizationKernels.GroupStatistics(x.Data, groups, mean, variance);
        onStatistics?.Invoke(mean, variance);
        var invStd = variance.Select(v => 1f / MathF.Sqrt(v + eps)).ToArray();
        var y = Tensor.Empty(x.Shape);
        NormalizationKernels.Normalize(x.Data, groups, mean, invStd, weight?.Data, bias?.Data, y.Data);

        var inputs = new List<Tensor> { x };
        if (weight is not null) inputs.Add(weight);
        if (bias is not null) inputs.Add(bias);
        return Autograd.Record(name, y, [.. inputs], gy =>
        {
            var gx = Tensor.Empty(x.Shape);
            var sumGyXhat = new float[groups.Count];
            var sumGy = new float[groups.Count];
            NormalizationKernels.BackwardWithBatchStatistics(x.Data, gy.Data, groups, mean, invStd, weight?.Data, gx.Data, sumGyXhat, sumGy);
            x.AccumulateGrad(gx);
            // Scale and shift gradients: per channel, summed over the groups of that channel.
            if (weight is not null) weight.AccumulateGrad(Tensor.FromArray(PerChannel(sumGyXhat, groups), weight.Shape));
            if (bias is not null) bias.AccumulateGrad(Tensor.FromArray(PerChannel(sumGy, groups), bias.Shape));
        });
    }

    private static float[] PerChannel(float[] perGroup, NormGroups groups)
    {
        if (groups.PerChannelAcrossBatch) return perGroup;
        var result = new float[groups.Channels];
        for (int n = 0; n < groups.Batch; n++)
            for (int c = 0; c < groups.Channels; c++) result[c] += perGroup[n * groups.Channels + c];
        return result;
    }

    /// <summary>Per-channel parameters are read by channel index inside parallel kernels, so a wrong length must be caught here.</summary>
    private static void RequirePerChannel(Tensor? parameter, int channels, string op, string name)
    {
        if (parameter is not null && parameter.Numel != channels)
            throw new ArgumentException($"{op}: {name} has shape {ShapeMath.Format(parameter.Shape)}, expected one value per channel ({channels}).", name);
    }

    private static void RequireRank(Tensor x, int rank, string op)
    {
        if (x.Rank != rank) throw new ArgumentException($"{op} expects a rank-{rank} tensor, got {ShapeMath.Format(x.Shape)}.");
    }
}
