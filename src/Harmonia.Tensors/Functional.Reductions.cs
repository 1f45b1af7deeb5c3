using Harmonia.Tensors.Kernels;

namespace Harmonia.Tensors;

public static partial class Functional
{
    /// <summary>Sum of every element, as a scalar tensor.</summary>
    public static Tensor Sum(Tensor x) => Sum(x, Enumerable.Range(0, x.Rank).ToArray(), keepDim: false);

    /// <summary>Sum over <paramref name="dims"/>; <paramref name="keepDim"/> keeps them as size 1.</summary>
    public static Tensor Sum(Tensor x, int[] dims, bool keepDim = false)
    {
        var plan = ReductionPlan.Create(x, dims);
        var y = Tensor.Empty(plan.ResultShape(keepDim));
        ReductionKernels.Sum(plan.Rows(x).Data, plan.RowCount, plan.RowLength, y.Data);
        return Autograd.Record("sum", y, [x], gy => x.AccumulateGrad(Expand(gy.Reshape(plan.KeptShape), x.Shape)));
    }

    /// <summary>Mean of every element, as a scalar tensor.</summary>
    public static Tensor Mean(Tensor x) => Mean(x, Enumerable.Range(0, x.Rank).ToArray(), keepDim: false);

    /// <summary>Mean over <paramref name="dims"/>.</summary>
    public static Tensor Mean(Tensor x, int[] dims, bool keepDim = false)
    {
        var plan = ReductionPlan.Create(x, dims);
        var y = Tensor.Empty(plan.ResultShape(keepDim));
        ReductionKernels.Sum(plan.Rows(x).Data, plan.RowCount, plan.RowLength, y.Data);
        float inv = 1f / plan.RowLength;
        for (int i = 0; i < y.Numel; i++) y.Data[i] *= inv;
        return Autograd.Record("mean", y, [x], gy => x.AccumulateGrad(Expand(Mul(gy, inv).Reshape(plan.KeptShape), x.Shape)));
    }

    /// <summary>
    /// Variance over <paramref name="dims"/>: unbiased (divides by n − 1) by default like
    /// <c>torch.var</c>, biased (divides by n) when <paramref name="unbiased"/> is false.
    /// </summary>
    public static Tensor Var(Tensor x, int[] dims, bool unbiased = true, bool keepDim = false)
    {
        var plan = ReductionPlan.Create(x, dims);
        var mean = new float[plan.RowCount];
        var y = Tensor.Empty(plan.ResultShape(keepDim));
        int correction = unbiased ? 1 : 0;
        ReductionKernels.MeanVar(plan.Rows(x).Data, plan.RowCount, plan.RowLength, correction, mean, y.Data);
        return Autograd.Record("var", y, [x], gy =>
        {
            // d var / dx = 2 (x − mean) / (n − correction)
            var centered = Sub(x, Tensor.FromArray(mean, plan.KeptShape));
            float scale = 2f / Math.Max(plan.RowLength - correction, 1);
            x.AccumulateGrad(Mul(Mul(centered, Expand(gy.Reshape(plan.KeptShape), x.Shape)), scale));
        });
    }

    /// <summary>
    /// Maximum along <paramref name="dim"/> and where it was (first occurrence). The gradient
    /// flows only to that element, as in PyTorch's <c>max(dim)</c>.
    /// </summary>
    public static (Tensor Values, int[] Indices) Max(Tensor x, int dim, bool keepDim = false)
    {
        int d = ShapeMath.NormalizeDim(dim, x.Rank);
        // An empty axis has no maximum (the kernel would read past the row).
        if (x.Shape[d] == 0) throw new ArgumentException($"max: axis {dim} of {ShapeMath.Format(x.Shape)} is empty, so it has no maximum.", nameof(x));
        var plan = ReductionPlan.Create(x, [d]);
        var y = Tensor.Empty(plan.ResultShape(keepDim));
        var argmax = new int[plan.RowCount];
        ReductionKernels.Max(plan.Rows(x).Data, plan.RowCount, plan.RowLength, y.Data, argmax);
        Autograd.Record("max", y, [x], gy =>
        {
            var rows = new float[x.Numel];
            for (int r = 0; r < argmax.Length; r++) rows[r * plan.RowLength + argmax[r]] = gy.Data[r];
            x.AccumulateGrad(plan.FromRows(Tensor.FromArray(rows, plan.RowsShape)));
        });
        return (y, argmax);
    }

    /// <summary>Maximum of every element, as a scalar tensor.</summary>
    public static Tensor Max(Tensor x) => Max(x.Reshape(-1), 0).Values;

    /// <summary>Minimum of every element, as a scalar tensor.</summary>
    public static Tensor Min(Tensor x) => Neg(Max(Neg(x)));

    /// <summary>
    /// Sums <paramref name="x"/> down to <paramref name="shape"/>, undoing a broadcast: the
    /// gradient of a broadcast operand is the sum over the axes it was stretched along.
    /// </summary>
    public static Tensor SumToShape(Tensor x, ReadOnlySpan<int> shape)
    {
        if (ShapeMath.SameShape(x.Shape, shape)) return x;
        int lead = x.Rank - shape.Length;
        var dims = new List<int>();
        for (int i = 0; i < x.Rank; i++)
            if (i < lead || (shape[i - lead] == 1 && x.Shape[i] != 1)) dims.Add(i);
        var summed = dims.Count == 0 ? x : Sum(x, [.. dims], keepDim: true);
        return summed.Reshape(shape);
    }

    /// <summary>
    /// How a reduction lays its input out: the kept axes first, the reduced axes last, so each
    /// output element reduces one contiguous row.
    /// </summary>
    private sealed class ReductionPlan
    {
        private int[] order = [];
        private int[] inputShape = [];
        private bool[] reduced = [];

        public int RowCount { get; private set; }
        public int RowLength { get; private set; }
        /// <summary>The input shape with reduced axes set to 1.</summary>
        public int[] KeptShape { get; private set; } = [];
        /// <summary>[RowCount, RowLength].</summary>
        public int[] RowsShape => [RowCount, RowLength];
        private bool AlreadyTrailing => order.Select((axis, i) => axis == i).All(b => b);

        public static ReductionPlan Create(Tensor x, int[] dims)
        {
            var plan = new ReductionPlan { inputShape = x.Shape.ToArray(), reduced = new bool[x.Rank] };
            foreach (var dim in dims)
            {
                int d = ShapeMath.NormalizeDim(dim, x.Rank);
                if (plan.reduced[d]) throw new ArgumentException($"Axis {dim} is listed twice.");
                plan.reduced[d] = true;
            }
            var kept = Enumerable.Range(0, x.Rank).Where(i => !plan.reduced[i]);
            var gone = Enumerable.Range(0, x.Rank).Where(i => plan.reduced[i]);
            plan.order = [.. kept, .. gone];
            plan.RowCount = kept.Aggregate(1, (p, i) => p * x.Shape[i]);
            plan.RowLength = gone.Aggregate(1, (p, i) => p * x.Shape[i]);
            plan.KeptShape = plan.inputShape.Select((s, i) => plan.reduced[i] ? 1 : s).ToArray();
            return plan;
        }

        public int[] ResultShape(bool keepDim)
            => keepDim ? KeptShape : inputShape.Where((_, i) => !reduced[i]).ToArray();

        /// <summary>The input as [RowCount, RowLength] (a permuted copy unless already in that order). Not recorded.</summary>
        public Tensor Rows(Tensor x)
        {
            if (AlreadyTrailing) return x;
            using var _ = Autograd.NoGrad();
            return Permute(x.Detach(), order);
        }

        /// <summary>The inverse of <see cref="Rows"/>: [RowCount, RowLength] back to the input layout.</summary>
        public Tensor FromRows(Tensor rows)
        {
            var permutedShape = order.Select(i => inputShape[i]).ToArray();
            var t = rows.Reshape(permutedShape);
            if (AlreadyTrailing) return t;
            var inverse = new int[order.Length];
            for (int i = 0; i < order.Length; i++) inverse[order[i]] = i;
            return Permute(t, inverse);
        }
    }
}
