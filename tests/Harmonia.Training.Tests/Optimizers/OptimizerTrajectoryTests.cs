namespace Harmonia.Training.Tests.Optimizers;

/// <summary>Several steps on <see cref="QuadraticProblem"/> against the float64 reference rules.</summary>
public class OptimizerTrajectoryTests
{
    [Theory]
    [InlineData("adam", 0.05, 0.0)]
    [InlineData("adam", 0.05, 0.1)]
    [InlineData("adamw", 0.05, 0.0)]
    [InlineData("adamw", 0.05, 0.1)]
    public void Adam_family_follows_the_float64_reference(string kind, double lr, double wd)
    {
        var problem = new QuadraticProblem(seed: 11);
        var optimizer = OptimizerFactory.Create(kind, problem.Parameters, lr, wd);
        var expected = problem.InitialValues();
        var references = expected.Select(p => ReferenceOptimizer.Create(kind, p.Length)).ToArray();

        for (int step = 0; step < 12; step++)
        {
            optimizer.ZeroGrad();
            problem.Backward(problem.Parameters);
            optimizer.Step();
            for (int k = 0; k < expected.Length; k++)
                references[k].Step(expected[k], problem.Gradient(k, expected[k]), lr, wd);
            AssertParametersClose(problem, expected, step);
        }
        Assert.Equal(12, optimizer.StepCount("layer.weight"));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void Lion_follows_the_float64_reference(double wd)
    {
        const double lr = 0.1;
        // Start 0.15–0.6 from the optimum so parameters overshoot and momentum decides some signs.
        var problem = new QuadraticProblem(seed: 5, minDistance: 0.15, maxDistance: 0.6);
        var optimizer = OptimizerFactory.Create("lion", problem.Parameters, lr, wd);
        var expected = problem.InitialValues();
        var references = expected.Select(p => new ReferenceLion(p.Length)).ToArray();

        for (int step = 0; step < 10; step++)
        {
            optimizer.ZeroGrad();
            problem.Backward(problem.Parameters);
            optimizer.Step();
            for (int k = 0; k < expected.Length; k++)
                references[k].Step(expected[k], problem.Gradient(k, expected[k]), lr, wd);
            AssertParametersClose(problem, expected, step);
        }
        // The comparison is only meaningful if no update direction was near zero (where float32 and
        // float64 may take different signs) and if momentum overrode the gradient's sign at least once.
        Assert.True(references.Min(r => r.SmallestDirection) > 1e-5, $"an update direction came within {references.Min(r => r.SmallestDirection):G3} of zero for this seed");
        Assert.True(references.Sum(r => r.MomentumOverrides) > 0, "momentum never changed an update's sign for this seed");
    }

    private static void AssertParametersClose(QuadraticProblem problem, double[][] expected, int step)
    {
        for (int k = 0; k < expected.Length; k++)
        {
            var actual = problem.Parameters[k].Tensor.Data;
            for (int i = 0; i < actual.Length; i++)
                Assert.True(Math.Abs(actual[i] - expected[k][i]) <= 1e-5 + 1e-5 * Math.Abs(expected[k][i]),
                    $"step {step}, {problem.Parameters[k].Name}[{i}]: {actual[i]:R} vs reference {expected[k][i]:R}");
        }
    }
}
