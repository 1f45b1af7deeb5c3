using Harmonia.Tensors.Kernels;

namespace Harmonia.Tensors;

public static partial class Functional
{
    /// <summary>Matrix product of [m, k] and [k, n] matrices.</summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        RequireRank(a, 2, "matmul");
        RequireRank(b, 2, "matmul");
        return BatchedMatMul(a.Reshape(1, a.Shape[0], a.Shape[1]), b.Reshape(1, b.Shape[0], b.Shape[1])).Reshape(a.Shape[0], b.Shape[1]);
    }

    /// <summary>
    /// Batched matrix product, like <c>torch.bmm</c>: [B, m, k] · [B, k, n] → [B, m, n]. Either
    /// operand may have batch 1, which is then shared by every batch entry.
    /// </summary>
    public static Tensor BatchedMatMul(Tensor a, Tensor b)
    {
        RequireRank(a, 3, "bmm");
        RequireRank(b, 3, "bmm");
        int batch = Math.Max(a.Shape[0], b.Shape[0]);
        int m = a.Shape[1], k = a.Shape[2], n = b.Shape[2];
        if (b.Shape[1] != k || (a.Shape[0] != batch && a.Shape[0] != 1) || (b.Shape[0] != batch && b.Shape[0] != 1))
            throw new ArgumentException($"bmm: shapes {ShapeMath.Format(a.Shape)} and {ShapeMath.Format(b.Shape)} do not multiply.");
        int aStep = a.Shape[0] == 1 ? 0 : m * k, bStep = b.Shape[0] == 1 ? 0 : k * n;
        var y = Tensor.Empty(batch, m, n);
        FlopCounter.AddMultiplyAdds((long)batch * m * n * k);
        for (int i = 0; i < batch; i++)
            Sgemm.Multiply(false, false, m, n, k, a.Data, i * aStep, k, b.Data, i * bStep, n, y.Data, i * m * n, n, accumulate: false);
        return Autograd.Record("bmm", y, [a, b], gy =>
        {
            if (a.RequiresGrad)
            {
                // dA = dY · Bᵀ, summed over the batch when A was shared.
                var ga = Tensor.Zeros(a.Shape);
                for (int i = 0; i < batch; i++)
                    Sgemm.Multiply(false, true, m, k, n, gy.Data, i * m * n, n, b.Data, i * bStep, n, ga.Data, i * aStep, k, accumulate: aStep == 0 && i > 0);
                a.AccumulateGrad(ga);
            }
            if (b.RequiresGrad)
            {
                // dB = Aᵀ · dY
                var gb = Tensor.Zeros(b.Shape);
                for (int i = 0; i < batch; i++)
                    Sgemm.Multiply(true, false, k, n, m, a.Data, i * aStep, k, gy.Data, i * m * n, n, gb.Data, i * bStep, n, accumulate: bStep == 0 && i > 0);
                b.AccumulateGrad(gb);
            }
        });
    }

    /// <summary>y = x·Wᵀ + b over the last axis of x, like <c>F.linear</c>: weight [out, in], bias [out].</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        RequireRank(weight, 2, "linear weight");
        int inFeatures = weight.Shape[1], outFeatures = weight.Shape[0];
        if (x.Shape[^1] != inFeatures) throw new ArgumentException($"linear: input {ShapeMath.Format(x.Shape)} does not end in {inFeatures} features.");
        int rows = x.Numel / inFeatures;
        var flat = x.Reshape(1, rows, inFeatures);
        var y = BatchedMatMul(flat, Transpose(weight, 0, 1).Reshape(1, inFeatures, outFeatures));
        var shape = x.Shape.ToArray();
        shape[^1] = outFeatures;
        var result = y.Reshape(shape);
        return bias is null ? result : Add(result, bias);
    }
}
