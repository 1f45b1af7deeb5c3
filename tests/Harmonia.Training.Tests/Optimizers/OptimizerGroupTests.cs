using Harmonia.NN;
using Harmonia.Tensors;
using Harmonia.Training.Optimizers;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Training.Tests.Optimizers;

public class OptimizerGroupTests
{
    public static TheoryData<string> Kinds => ["adam", "adamw", "lion"];

    private static Tensor Parameter(params float[] values)
    {
        var t = Tensor.FromArray(values, values.Length);
        t.RequiresGrad = true;
        return t;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_frozen_group_is_untouched_and_keeps_no_state(string kind)
    {
        var trained = Parameter(1f, -2f, 3f);
        var frozen = Parameter(0.5f, 0.25f);
        var frozenBits = frozen.ToArray();
        var groups = new[]
        {
            new ParameterGroup("decoder", [("decoder.weight", trained)], learningRate: 0.1, weightDecay: 0.1),
            new ParameterGroup("encoder", [("encoder.weight", frozen)], learningRate: 0.1, weightDecay: 0.1, frozen: true),
        };
        var optimizer = OptimizerFactory.Create(kind, groups);
        var trainedBefore = trained.ToArray();
        for (int i = 0; i < 3; i++)
        {
            optimizer.ZeroGrad();
            Sum(Pow(trained, 2f)).Backward();
            Sum(Pow(frozen, 2f)).Backward();
            optimizer.Step();
        }
        Assert.Equal(frozenBits, frozen.Data);
        Assert.NotEqual(trainedBefore, trained.Data);
        Assert.Equal(0, optimizer.StepCount("encoder.weight"));
        Assert.DoesNotContain(optimizer.ExportState().Keys, k => k.StartsWith("encoder.", StringComparison.Ordinal));

        // Unfrozen, the group starts its own count at 1.
        optimizer.Group("encoder").Frozen = false;
        optimizer.ZeroGrad();
        Sum(Pow(frozen, 2f)).Backward();
        optimizer.Step();
        Assert.NotEqual(frozenBits, frozen.Data);
        Assert.Equal(1, optimizer.StepCount("encoder.weight"));
        Assert.Equal(3, optimizer.StepCount("decoder.weight"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Parameters_without_a_gradient_are_skipped_even_with_weight_decay(string kind)
    {
        var used = Parameter(1f, 2f);
        var unused = Parameter(3f, 4f);
        var unusedBits = unused.ToArray();
        var optimizer = OptimizerFactory.Create(kind, [("used", used), ("unused", unused)], lr: 0.1, wd: 0.5);
        Sum(Pow(used, 2f)).Backward();
        Assert.Null(unused.Grad);
        optimizer.Step();
        Assert.Equal(unusedBits, unused.Data);
        Assert.Equal(0, optimizer.StepCount("unused"));
        Assert.Equal(1, optimizer.StepCount("used"));
    }

    [Fact]
    public void A_zero_gradient_is_not_a_missing_one_decoupled_decay_still_applies()
    {
        var p = Parameter(3f, 4f);
        var optimizer = new AdamW([("p", p)], learningRate: 0.1, weightDecay: 0.5);
        p.Grad = Tensor.Zeros(2);
        optimizer.Step();
        Assert.Equal(3f * (1f - 0.05f), p.Data[0], 6);
        Assert.Equal(4f * (1f - 0.05f), p.Data[1], 6);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_group_uses_its_own_learning_rate(string kind)
    {
        var still = Parameter(1f, 2f);
        var moving = Parameter(1f, 2f);
        var optimizer = OptimizerFactory.Create(kind,
        [
            new ParameterGroup("still", [("still", still)], learningRate: 0.5),
            new ParameterGroup("moving", [("moving", moving)], learningRate: 0.5),
        ]);
        optimizer.Group("still").LearningRate = 0;
        Sum(Pow(still, 2f)).Backward();
        Sum(Pow(moving, 2f)).Backward();
        optimizer.Step();
        Assert.Equal([1f, 2f], still.Data);
        Assert.NotEqual([1f, 2f], moving.Data);

        optimizer.SetLearningRate(0.25);
        Assert.All(optimizer.Groups, g => Assert.Equal(0.25, g.LearningRate));
    }

    [Fact]
    public void ZeroGrad_clears_every_gradient_including_frozen_groups()
    {
        var a = Parameter(1f);
        var b = Parameter(2f);
        var optimizer = new Adam([new ParameterGroup("a", [("a", a)], 0.1), new ParameterGroup("b", [("b", b)], 0.1, frozen: true)]);
        Sum(a * b).Backward();
        Assert.NotNull(a.Grad);
        Assert.NotNull(b.Grad);
        optimizer.ZeroGrad();
        Assert.Null(a.Grad);
        Assert.Null(b.Grad);
    }

    [Fact]
    public void Construction_rejects_duplicates_and_bad_settings()
    {
        var p = Parameter(1f);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new Adam([("w", p), ("w", Parameter(2f))])).Message);
        Assert.Contains("already given", Assert.Throws<ArgumentException>(() => new Adam([("w", p), ("v", p)])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([("w", p)], beta1: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lion([("w", p)], learningRate: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW([("w", p)], epsilon: double.NaN));
        Assert.Throws<ArgumentException>(() => new Adam(Array.Empty<ParameterGroup>()));
    }

    [Fact]
    public void A_gradient_of_the_wrong_shape_fails_naming_the_parameter()
    {
        var p = Parameter(1f, 2f);
        var optimizer = new Adam([("layer.weight", p)]);
        p.Grad = Tensor.Zeros(3);
        Assert.Contains("layer.weight", Assert.Throws<InvalidOperationException>(optimizer.Step).Message);
    }

    [Fact]
    public void SplitByModule_groups_parameters_by_dotted_prefix()
    {
        var module = new TinyNet();
        var groups = ParameterGroup.SplitByModule(module.NamedParameters(), ["encoder", "decoder."], learningRate: 1e-3, weightDecay: 0.01);
        Assert.Equal(["encoder", "decoder", "other"], groups.Select(g => g.Name));
        Assert.Equal(["encoder.weight"], groups[0].Parameters.Select(p => p.Name));
        Assert.Equal(["decoder.weight"], groups[1].Parameters.Select(p => p.Name));
        // "encoder2" is a different module from "encoder".
        Assert.Equal(["scale", "encoder2.weight"], groups[2].Parameters.Select(p => p.Name));
        Assert.All(groups, g => Assert.Equal(0.01, g.WeightDecay));

        var ex = Assert.Throws<ArgumentException>(() => ParameterGroup.SplitByModule(module.NamedParameters(), ["encodr"], 1e-3));
        Assert.Contains("encodr", ex.Message);
    }

    [Fact]
    public void Module_parameters_train_through_an_optimizer()
    {
        var module = new TinyNet();
        var optimizer = new Adam(module.NamedParameters(), learningRate: 0.05);
        float LossValue() => module.Loss().Item();
        float before = LossValue();
        for (int i = 0; i < 20; i++)
        {
            optimizer.ZeroGrad();
            module.Loss().Backward();
            optimizer.Step();
        }
        Assert.True(LossValue() < 0.5f * before, $"loss went from {before} to {LossValue()}");
    }

    /// <summary>A module with nested names, one of which ("encoder2") shares a prefix with another.</summary>
    private sealed class TinyNet : Module
    {
        private readonly Tensor scale;
        private readonly Leaf encoder, encoder2, decoder;

        public TinyNet()
        {
            scale = RegisterParameter("scale", Tensor.FromArray([1.5f], 1));
            encoder = RegisterModule("encoder", new Leaf(0.5f));
            encoder2 = RegisterModule("encoder2", new Leaf(-0.5f));
            decoder = RegisterModule("decoder", new Leaf(2f));
        }

        public Tensor Loss() => Sum(Pow(encoder.Weight * scale - 1f, 2f)) + Sum(Pow(encoder2.Weight + decoder.Weight, 2f));

        private sealed class Leaf : Module
        {
            public Leaf(float value) => Weight = RegisterParameter("weight", Tensor.FromArray([value, value + 1f], 2));
            public Tensor Weight { get; }
        }
    }
}
