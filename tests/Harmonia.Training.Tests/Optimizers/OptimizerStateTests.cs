using Harmonia.Tensors;
using Harmonia.Training.Optimizers;

namespace Harmonia.Training.Tests.Optimizers;

public class OptimizerStateTests
{
    public static TheoryData<string> Kinds => ["adam", "adamw", "lion"];

    private static void TrainSteps(Optimizer optimizer, QuadraticProblem problem, List<(string Name, Tensor Tensor)> parameters, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            optimizer.ZeroGrad();
            problem.Backward(parameters);
            optimizer.Step();
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Resuming_from_exported_state_continues_bit_exactly(string kind)
    {
        var problem = new QuadraticProblem(seed: 21);
        var straight = problem.CloneParameters();
        var straightOptimizer = OptimizerFactory.Create(kind, straight, lr: 0.03, wd: 0.05);
        TrainSteps(straightOptimizer, problem, straight, 4);

        var interrupted = problem.CloneParameters();
        var first = OptimizerFactory.Create(kind, interrupted, lr: 0.03, wd: 0.05);
        TrainSteps(first, problem, interrupted, 2);
        var saved = first.ExportState();

        // A fresh process: new parameter tensors with the saved values, a new optimizer.
        var resumed = interrupted.Select(p => { var t = Tensor.FromArray(p.Tensor.ToArray(), p.Tensor.Shape); t.RequiresGrad = true; return (Name: p.Name, Tensor: t); }).ToList();
        var second = OptimizerFactory.Create(kind, resumed, lr: 0.03, wd: 0.05);
        second.ImportState(saved);
        TrainSteps(second, problem, resumed, 2);

        for (int k = 0; k < straight.Count; k++)
            Assert.Equal(Bits(straight[k].Tensor.Data), Bits(resumed[k].Tensor.Data));
        var expectedState = straightOptimizer.ExportState();
        var actualState = second.ExportState();
        Assert.Equal(expectedState.Keys.Order(), actualState.Keys.Order());
        foreach (var key in expectedState.Keys)
            Assert.Equal(Bits(expectedState[key].Data), Bits(actualState[key].Data));
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    [Theory]
    [InlineData("adam", new[] { "step", "exp_avg", "exp_avg_sq" })]
    [InlineData("adamw", new[] { "step", "exp_avg", "exp_avg_sq" })]
    [InlineData("lion", new[] { "step", "exp_avg" })]
    public void Exported_state_is_named_after_parameters_and_copied(string kind, string[] slots)
    {
        var problem = new QuadraticProblem(seed: 2);
        var optimizer = OptimizerFactory.Create(kind, problem.Parameters, lr: 0.01, wd: 0);
        Assert.Empty(optimizer.ExportState());
        TrainSteps(optimizer, problem, problem.Parameters, 3);
        var state = optimizer.ExportState();
        var expectedKeys = problem.Parameters.SelectMany(p => slots.Select(s => $"{p.Name}.{s}")).Order();
        Assert.Equal(expectedKeys, state.Keys.Order());
        Assert.Equal([1], state["layer.weight.step"].Shape);
        Assert.Equal(3f, state["layer.weight.step"].Item());
        Assert.Equal([3, 4], state["layer.weight.exp_avg"].Shape);

        var snapshot = state["layer.bias.exp_avg"].ToArray();
        TrainSteps(optimizer, problem, problem.Parameters, 1);
        Assert.Equal(snapshot, state["layer.bias.exp_avg"].Data);
    }

    private static (Adam Optimizer, Dictionary<string, Tensor> State) TrainedAdam()
    {
        var problem = new QuadraticProblem(seed: 4);
        var optimizer = new Adam(problem.Parameters, 0.01);
        TrainSteps(optimizer, problem, problem.Parameters, 2);
        return (optimizer, optimizer.ExportState().ToDictionary());
    }

    [Fact]
    public void Import_rejects_an_unknown_parameter_by_name()
    {
        var (optimizer, state) = TrainedAdam();
        state["head.weight.exp_avg"] = Tensor.Zeros(3, 4);
        var ex = Assert.Throws<InvalidDataException>(() => optimizer.ImportState(state));
        Assert.Contains("head.weight.exp_avg", ex.Message);
    }

    [Fact]
    public void Import_rejects_a_wrong_shape_with_both_shapes()
    {
        var (optimizer, state) = TrainedAdam();
        state["layer.weight.exp_avg_sq"] = Tensor.Zeros(4, 3);
        var ex = Assert.Throws<InvalidDataException>(() => optimizer.ImportState(state));
        Assert.Contains("layer.weight.exp_avg_sq (expected [3, 4], found [4, 3])", ex.Message);
    }

    [Fact]
    public void Import_rejects_incomplete_entries()
    {
        var (optimizer, state) = TrainedAdam();
        state.Remove("layer.bias.exp_avg");
        var ex = Assert.Throws<InvalidDataException>(() => optimizer.ImportState(state));
        Assert.Contains("layer.bias lacks layer.bias.exp_avg", ex.Message);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(2.5f)]
    [InlineData(float.NaN)]
    public void Import_rejects_a_step_that_is_not_a_positive_whole_number(float step)
    {
        var (optimizer, state) = TrainedAdam();
        state["layer.bias.step"] = Tensor.FromArray([step], 1);
        var ex = Assert.Throws<InvalidDataException>(() => optimizer.ImportState(state));
        Assert.Contains("layer.bias.step", ex.Message);
    }

    [Fact]
    public void A_failed_import_changes_nothing()
    {
        var (optimizer, state) = TrainedAdam();
        var before = optimizer.ExportState();
        var bad = state.ToDictionary(kv => kv.Key, kv => kv.Key.EndsWith(".step") ? Tensor.FromArray([9f], 1) : kv.Value);
        bad["layer.weight.exp_avg"] = Tensor.Zeros(7);
        Assert.Throws<InvalidDataException>(() => optimizer.ImportState(bad));
        Assert.Equal(2, optimizer.StepCount("layer.weight"));
        foreach (var (key, tensor) in optimizer.ExportState()) Assert.Equal(before[key].Data, tensor.Data);
    }

    [Fact]
    public void Lion_state_does_not_load_into_adam()
    {
        var problem = new QuadraticProblem(seed: 4);
        var lion = new Lion(problem.Parameters);
        TrainSteps(lion, problem, problem.Parameters, 1);
        var ex = Assert.Throws<InvalidDataException>(() => new Adam(problem.Parameters).ImportState(lion.ExportState()));
        Assert.Contains("exp_avg_sq", ex.Message);
    }

    [Fact]
    public void Importing_an_empty_state_resets_the_optimizer()
    {
        var (optimizer, _) = TrainedAdam();
        optimizer.ImportState(new Dictionary<string, Tensor>());
        Assert.Equal(0, optimizer.StepCount("layer.weight"));
        Assert.Empty(optimizer.ExportState());
    }
}
