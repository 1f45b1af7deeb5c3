using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Forward;

/// <summary>
/// The shape-general ops on many seeded random shapes (ranks 0–4, sizes 1–7 with random size-1
/// axes for broadcasting), complementing the hand-picked shapes of the other forward tests.
/// </summary>
public class RandomShapeForwardTests
{
    private const int Trials = 40;

    private static int[] RandomShape(System.Random rng, int minRank = 0, int maxRank = 4)
        => Enumerable.Range(0, rng.Next(minRank, maxRank + 1)).Select(_ => rng.Next(1, 8)).ToArray();

    /// <summary>A shape that broadcasts with <paramref name="shape"/>: a random suffix with some axes set to 1.</summary>
    private static int[] BroadcastPartner(System.Random rng, int[] shape)
    {
        int rank = rng.Next(0, shape.Length + 1);
        return shape[(shape.Length - rank)..].Select(s => rng.Next(3) == 0 ? 1 : s).ToArray();
    }

    [Fact]
    public void BinaryOpsOnRandomBroadcastPairs()
    {
        var rng = new System.Random(2024);
        for (int trial = 0; trial < Trials; trial++)
        {
            var big = RandomShape(rng);
            var small = BroadcastPartner(rng, big);
            var (shapeA, shapeB) = rng.Next(2) == 0 ? (big, small) : (small, big);
            var a = TestData.Uniform(rng, shapeA, -2, 2);
            var b = TestData.AwayFrom(rng, shapeB, [0.0], 0.25, -2, 2);
            var outShape = ElementwiseForwardTests.ReferenceBroadcastShape(shapeA, shapeB);
            var sum = new double[Indexing.Count(outShape)];
            var quotient = new double[sum.Length];
            var maximum = new double[sum.Length];
            for (int i = 0; i < sum.Length; i++)
            {
                var coords = Indexing.Unravel(i, outShape);
                double p = a.Data[Indexing.BroadcastSource(coords, shapeA)], q = b.Data[Indexing.BroadcastSource(coords, shapeB)];
                sum[i] = p + q;
                quotient[i] = p / q;
                maximum[i] = Math.Max(p, q);
            }
            TensorAssert.Close(outShape, sum, Add(a, b), atol: 1e-6, rtol: 1e-6);
            TensorAssert.Close(outShape, quotient, Div(a, b), atol: 1e-6, rtol: 1e-6);
            TensorAssert.Close(outShape, maximum, Maximum(a, b), atol: 0, rtol: 0);
        }
    }

    [Fact]
    public void SumAndVarianceOverRandomAxesOfRandomShapes()
    {
        var rng = new System.Random(7);
        for (int trial = 0; trial < Trials; trial++)
        {
            var shape = RandomShape(rng, minRank: 1);
            var dims = Enumerable.Range(0, shape.Length).Where(_ => rng.Next(2) == 0).ToArray();
            if (dims.Length == 0) dims = [rng.Next(shape.Length)];
            bool keepDim = rng.Next(2) == 0;
            var x = TestData.Uniform(rng, shape, -2, 2);

            var keptShape = shape.Select((s, i) => dims.Contains(i) ? 1 : s).ToArray();
            var sum = new double[Indexing.Count(keptShape)];
            var squares = new double[sum.Length];
            int count = Indexing.Count(shape) / sum.Length;
            for (int i = 0; i < x.Numel; i++) sum[Indexing.BroadcastSource(Indexing.Unravel(i, shape), keptShape)] += x.Data[i];
            for (int i = 0; i < x.Numel; i++)
            {
                int g = Indexing.BroadcastSource(Indexing.Unravel(i, shape), keptShape);
                squares[g] += Math.Pow(x.Data[i] - sum[g] / count, 2);
            }
            var resultShape = keepDim ? keptShape : shape.Where((_, i) => !dims.Contains(i)).ToArray();
            TensorAssert.Close(resultShape, sum, Sum(x, dims, keepDim), atol: 1e-5, rtol: 1e-6);
            TensorAssert.Close(resultShape, squares.Select(s => count > 1 ? s / (count - 1) : double.NaN).ToArray(), Var(x, dims, keepDim: keepDim), atol: 1e-6, rtol: 1e-5);
        }
    }

    [Fact]
    public void PermuteAndSoftmaxOnRandomShapes()
    {
        var rng = new System.Random(11);
        for (int trial = 0; trial < Trials; trial++)
        {
            var shape = RandomShape(rng, minRank: 1);
            var x = TestData.Uniform(rng, shape, -3, 3);
            var order = Enumerable.Range(0, shape.Length).OrderBy(_ => rng.Next()).ToArray();
            var outShape = order.Select(d => shape[d]).ToArray();
            var permuted = new double[x.Numel];
            for (int i = 0; i < x.Numel; i++)
            {
                var outCoords = Indexing.Unravel(i, outShape);
                var inCoords = new int[shape.Length];
                for (int k = 0; k < shape.Length; k++) inCoords[order[k]] = outCoords[k];
                permuted[i] = x.Data[Indexing.Ravel(inCoords, shape)];
            }
            TensorAssert.Close(outShape, permuted, Permute(x, order), atol: 0, rtol: 0);

            int dim = rng.Next(shape.Length);
            var keptShape = shape.Select((s, i) => i == dim ? 1 : s).ToArray();
            var denominators = new double[Indexing.Count(keptShape)];
            for (int i = 0; i < x.Numel; i++) denominators[Indexing.BroadcastSource(Indexing.Unravel(i, shape), keptShape)] += Math.Exp(x.Data[i]);
            var softmax = x.Data.Select((v, i) => Math.Exp(v) / denominators[Indexing.BroadcastSource(Indexing.Unravel(i, shape), keptShape)]).ToArray();
            TensorAssert.Close(shape, softmax, Softmax(x, dim), atol: 1e-7, rtol: 2e-6);
        }
    }

    [Fact]
    public void InterpolationAndAdaptivePoolingOnRandomSizes()
    {
        var rng = new System.Random(13);
        for (int trial = 0; trial < Trials; trial++)
        {
            int n = rng.Next(1, 3), c = rng.Next(1, 4), h = rng.Next(1, 12), w = rng.Next(1, 12);
            int oh = rng.Next(1, 16), ow = rng.Next(1, 16);
            var x = TestData.Uniform(rng, [n, c, h, w], -2, 2);
            int[] outShape = [n, c, oh, ow];
            TensorAssert.Close(outShape, ResamplingForwardTests.ReferenceNearest(x, oh, ow, null), Interpolate(x, oh, ow, InterpolationMode.Nearest), atol: 0, rtol: 0);
            bool align = rng.Next(2) == 0;
            TensorAssert.Close(outShape, ResamplingForwardTests.ReferenceBilinear(x, oh, ow, align, null), Interpolate(x, oh, ow, InterpolationMode.Bilinear, align), atol: 1e-6, rtol: 1e-6);

            var average = new double[n * c * oh * ow];
            for (int p = 0; p < n * c; p++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        var (y0, y1) = PoolingForwardTests.AdaptiveWindow(oy, h, oh);
                        var (x0, x1) = PoolingForwardTests.AdaptiveWindow(ox, w, ow);
                        double s = 0;
                        for (int iy = y0; iy < y1; iy++)
                            for (int ix = x0; ix < x1; ix++) s += x.Data[(p * h + iy) * w + ix];
                        average[(p * oh + oy) * ow + ox] = s / ((y1 - y0) * (x1 - x0));
                    }
            TensorAssert.Close(outShape, average, AdaptiveAvgPool2d(x, oh, ow), atol: 1e-6, rtol: 1e-6);
        }
    }
}
