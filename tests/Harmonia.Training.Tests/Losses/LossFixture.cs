using Harmonia.Tensors;
using Harmonia.Tensors.Random;

namespace Harmonia.Training.Tests.Losses;

/// <summary>
/// A small batch for loss tests: [2, 3, 12, 12] images, one mask smaller than the 100-pixel floor
/// and one larger. The prediction differs from the target by at least 0.05 everywhere, and
/// neighbouring differences differ by at least 0.05, so finite differences with a 0.01 step never
/// cross the kink of an absolute value.
/// </summary>
internal sealed class LossFixture
{
    public const int N = 2, C = 3, H = 12, W = 12;

    public LossFixture(ulong seed = 7)
    {
        var rng = new RandomGenerator(seed);
        Target = Tensor.Zeros(N, C, H, W);
        Init.Uniform(Target, rng);
        Prediction = Tensor.Zeros(N, C, H, W);
        for (int i = 0; i < Prediction.Numel; i++)
        {
            // Distinct multiples of 0.05 for horizontal and vertical neighbours (7·1 and 7·12 are not multiples of 13).
            double magnitude = 0.05 * ((i * 7) % 13 + 1);
            double sign = rng.NextDouble() < 0.5 ? -1 : 1;
            Prediction.Data[i] = Target.Data[i] + (float)(sign * magnitude);
        }
        Mask = Tensor.Zeros(N, 1, H, W);
        FillSquare(0, top: 2, left: 3, size: 5);   // 25 pixels: below the floor
        FillSquare(1, top: 1, left: 0, size: 11);  // 121 pixels: above it
    }

    public Tensor Prediction { get; }
    public Tensor Target { get; }
    public Tensor Mask { get; }

    public double[] PredictionValues => Prediction.Data.Select(v => (double)v).ToArray();
    public double[] TargetValues => Target.Data.Select(v => (double)v).ToArray();
    public double[] MaskValues => Mask.Data.Select(v => (double)v).ToArray();

    private void FillSquare(int sample, int top, int left, int size)
    {
        for (int y = top; y < top + size; y++)
            for (int x = left; x < left + size; x++) Mask.Data[(sample * H + y) * W + x] = 1f;
    }
}
