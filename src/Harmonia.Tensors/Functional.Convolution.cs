using Harmonia.Tensors.Kernels;

namespace Harmonia.Tensors;

public static partial class Functional
{
    /// <summary>
    /// 2-D convolution (cross-correlation, as PyTorch): x [N, Cin, H, W], weight
    /// [Cout, Cin/groups, kH, kW], optional bias [Cout]. Per-sample kernels are a grouped
    /// convolution: reshape the batch into channels and set groups to the batch size.
    /// </summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
        => Conv2d(x, weight, bias, (stride, stride), (padding, padding), (dilation, dilation), groups);

    /// <summary>2-D convolution with separate height and width settings.</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups)
    {
        RequireRank(x, 4, "conv2d");
        RequireRank(weight, 4, "conv2d weight");
        var s = new Conv2dShape(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], weight.Shape[0], weight.Shape[2], weight.Shape[3],
            stride.H, stride.W, padding.H, padding.W, dilation.H, dilation.W, groups);
        s.Validate();
        if (weight.Shape[1] * groups != x.Shape[1])
            throw new ArgumentException($"conv2d: weight {ShapeMath.Format(weight.Shape)} with groups {groups} expects {weight.Shape[1] * groups} input channels, got {ShapeMath.Format(x.Shape)}.");
        CheckBias(bias, weight.Shape[0], "conv2d");
        var y = Tensor.Empty(s.Batch, s.OutChannels, s.OutHeight, s.OutWidth);
        Conv2dKernel.Forward(s, x.Data, weight.Data, bias?.Data, y.Data);
        FlopCounter.AddMultiplyAdds((long)y.Numel * weight.Shape[1] * weight.Shape[2] * weight.Shape[3]);
        return Autograd.Record("conv2d", y, bias is null ? [x, weight] : [x, weight, bias], gy =>
        {
            if (x.RequiresGrad)
            {
                var gx = Tensor.Empty(x.Shape);
                Conv2dKernel.BackwardInput(s, gy.Data, weight.Data, gx.Data);
                x.AccumulateGrad(gx);
            }
            if (weight.RequiresGrad || (bias?.RequiresGrad ?? false))
            {
                var gw = Tensor.Empty(weight.Shape);
                var gb = bias is null ? null : Tensor.Empty(bias.Shape);
                Conv2dKernel.BackwardWeight(s, x.Data, gy.Data, gw.Data, gb?.Data);
                weight.AccumulateGrad(gw);
                if (gb is not null) bias!.AccumulateGrad(gb);
            }
        });
    }

    /// <summary>1-D convolution, x [N, Cin, L], weight [Cout, Cin/groups, k]: a 2-D convolution of height 1.</summary>
    public static Tensor Conv1d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        RequireRank(x, 3, "conv1d");
        RequireRank(weight, 3, "conv1d weight");
        var y = Conv2d(Unsqueeze(x, 2), Unsqueeze(weight, 2), bias, (1, stride), (0, padding), (1, dilation), groups);
        return Squeeze(y, 2);
    }

    /// <summary>
    /// 2-D transposed convolution (the gradient of conv2d with respect to its input), as PyTorch:
    /// x [N, Cin, H, W], weight [Cin, Cout/groups, kH, kW]; output size
    /// (H − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1.
    /// </summary>
    public static Tensor ConvTranspose2d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int outputPadding = 0, int groups = 1, int dilation = 1)
    {
        RequireRank(x, 4, "conv_transpose2d");
        RequireRank(weight, 4, "conv_transpose2d weight");
        if (weight.Shape[0] != x.Shape[1])
            throw new ArgumentException($"conv_transpose2d: weight {ShapeMath.Format(weight.Shape)} expects {weight.Shape[0]} input channels, got {ShapeMath.Format(x.Shape)}.");
        var s = new ConvTranspose2dShape(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], weight.Shape[1] * groups, weight.Shape[2], weight.Shape[3],
            stride, stride, padding, padding, outputPadding, outputPadding, dilation, dilation, groups);
        s.Validate();
        CheckBias(bias, s.OutChannels, "conv_transpose2d");
        var y = Tensor.Empty(s.Batch, s.OutChannels, s.OutHeight, s.OutWidth);
        ConvTranspose2dKernel.Forward(s, x.Data, weight.Data, bias?.Data, y.Data);
        FlopCounter.AddMultiplyAdds((long)x.Numel * weight.Shape[1] * weight.Shape[2] * weight.Shape[3]);
        return Autograd.Record("conv_transpose2d", y, bias is null ? [x, weight] : [x, weight, bias], gy =>
        {
            if (x.RequiresGrad)
            {
                var gx = Tensor.Empty(x.Shape);
                ConvTranspose2dKernel.BackwardInput(s, gy.Data, weight.Data, gx.Data);
                x.AccumulateGrad(gx);
            }
            if (weight.RequiresGrad || (bias?.RequiresGrad ?? false))
            {
                var gw = Tensor.Empty(weight.Shape);
                var gb = bias is null ? null : Tensor.Empty(bias.Shape);
                ConvTranspose2dKernel.BackwardWeight(s, x.Data, gy.Data, gw.Data, gb?.Data);
                weight.AccumulateGrad(gw);
                if (gb is not null) bias!.AccumulateGrad(gb);
            }
        });
    }

    private static void CheckBias(Tensor? bias, int channels, string op)
    {
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != channels))
            throw new ArgumentException($"{op}: bias {ShapeMath.Format(bias.Shape)} should be [{channels}].");
    }
}
