using Harmonia.Tensors;
using Harmonia.Tensors.Random;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Training.Tests.Optimizers;

/// <summary>
/// loss = Σ a ⊙ (p − c)² over two parameters ([3, 4] and [5]) with a in [0.5, 2]: a small convex
/// problem whose float64 gradient 2a(p − c) the reference optimizers compute on their own.
/// </summary>
internal sealed class QuadraticProblem
{
    private readonly float[][] curvature;
    private readonly float[][] centre;

    public QuadraticProblem(ulong seed, double minDistance = 0, double maxDistance = 2)
    {
        var rng = new RandomGenerator(seed);
        int[][] shapes = [[3, 4], [5]];
        Parameters = [];
        curvature = new float[shapes.Length][];
        centre = new float[shapes.Length][];
        string[] names = ["layer.weight", "layer.bias"];
        for (int k = 0; k < shapes.Length; k++)
        {
            var p = Tensor.Zeros(shapes[k]);
            curvature[k] = new float[p.Numel];
            centre[k] = new float[p.Numel];
            for (int i = 0; i < p.Numel; i++)
            {
                curvature[k][i] = (float)rng.NextUniform(0.5, 2);
                centre[k][i] = (float)rng.NextUniform(-1, 1);
                double distance = rng.NextUniform(minDistance, maxDistance);
                p.Data[i] = centre[k][i] + (float)(rng.NextDouble() < 0.5 ? -distance : distance);
            }
            p.RequiresGrad = true;
            Parameters.Add((names[k], p));
        }
    }

    public List<(string Name, Tensor Tensor)> Parameters { get; }

    /// <summary>A deep copy of the parameters (fresh tensors, same names and values).</summary>
    public List<(string Name, Tensor Tensor)> CloneParameters()
        => Parameters.Select(p => { var t = Tensor.FromArray(p.Tensor.ToArray(), p.Tensor.Shape); t.RequiresGrad = true; return (Name: p.Name, Tensor: t); }).ToList();

    /// <summary>Fills the gradients of <paramref name="parameters"/> by back-propagating the loss.</summary>
    public void Backward(IReadOnlyList<(string Name, Tensor Tensor)> parameters)
    {
        Tensor? loss = null;
        for (int k = 0; k < parameters.Count; k++)
        {
            var p = parameters[k].Tensor;
            var term = Sum(Tensor.FromArray(curvature[k], p.Shape) * Pow(p - Tensor.FromArray(centre[k], p.Shape), 2f));
            loss = loss is null ? term : loss + term;
        }
        loss!.Backward();
    }

    /// <summary>The exact gradient of parameter <paramref name="k"/> at <paramref name="p"/>, in float64.</summary>
    public double[] Gradient(int k, double[] p) => p.Select((v, i) => 2.0 * curvature[k][i] * (v - centre[k][i])).ToArray();

    public double[][] InitialValues() => Parameters.Select(p => p.Tensor.Data.Select(v => (double)v).ToArray()).ToArray();
}
