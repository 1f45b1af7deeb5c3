using Harmonia.Tensors;

namespace Harmonia.Training.Optimizers;

/// <summary>
/// A set of parameters that share a learning rate, a weight decay and whether they are frozen,
/// like one entry of a PyTorch optimizer's <c>param_groups</c>.
/// </summary>
public sealed class ParameterGroup
{
    private double learningRate;
    private double weightDecay;

    /// <summary>Creates a group.</summary>
    /// <param name="name">A label for messages and for finding the group again (e.g. a module prefix).</param>
    /// <param name="parameters">Named parameter tensors, as <c>Module.NamedParameters()</c> yields them.</param>
    /// <param name="learningRate">The group's learning rate.</param>
    /// <param name="weightDecay">The group's weight decay (its meaning depends on the optimizer).</param>
    /// <param name="frozen">Whether <see cref="Optimizer.Step"/> leaves the group alone.</param>
    public ParameterGroup(string name, IEnumerable<(string Name, Tensor Tensor)> parameters, double learningRate, double weightDecay = 0, bool frozen = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(parameters);
        Name = name;
        Parameters = parameters.ToArray();
        foreach (var (parameterName, tensor) in Parameters)
        {
            if (string.IsNullOrEmpty(parameterName)) throw new ArgumentException($"Group '{name}' has a parameter without a name.", nameof(parameters));
            if (tensor is null) throw new ArgumentException($"Group '{name}': parameter '{parameterName}' is null.", nameof(parameters));
        }
        LearningRate = learningRate;
        WeightDecay = weightDecay;
        Frozen = frozen;
    }

    /// <summary>The group's label.</summary>
    public string Name { get; }

    /// <summary>The parameters, in the order given.</summary>
    public IReadOnlyList<(string Name, Tensor Tensor)> Parameters { get; }

    /// <summary>The learning rate the next <see cref="Optimizer.Step"/> uses; a schedule sets it before each step.</summary>
    public double LearningRate
    {
        get => learningRate;
        set => learningRate = RequireNonNegativeFinite(value, nameof(LearningRate));
    }

    /// <summary>The weight decay coefficient: L2 added to the gradient (Adam) or decoupled (AdamW, Lion).</summary>
    public double WeightDecay
    {
        get => weightDecay;
        set => weightDecay = RequireNonNegativeFinite(value, nameof(WeightDecay));
    }

    /// <summary>
    /// When true, steps neither move these parameters nor touch their optimizer state (no decay,
    /// no moment update, no step count), as if PyTorch had <c>requires_grad=False</c> on them.
    /// </summary>
    public bool Frozen { get; set; }

    /// <summary>
    /// Splits parameters into one group per module path (first matching path wins, see
    /// <see cref="ParameterPath.IsUnder"/>), plus a last group named <c>other</c> for parameters
    /// no path selects (only when there are some). Every group gets the same learning rate and decay.
    /// </summary>
    /// <exception cref="ArgumentException">A path selects no parameter (likely a misspelt module name).</exception>
    public static IReadOnlyList<ParameterGroup> SplitByModule(IEnumerable<(string Name, Tensor Tensor)> namedParameters,
        IReadOnlyList<string> modulePaths, double learningRate, double weightDecay = 0)
    {
        ArgumentNullException.ThrowIfNull(namedParameters);
        ArgumentNullException.ThrowIfNull(modulePaths);
        var all = namedParameters.ToList();
        var buckets = modulePaths.Select(_ => new List<(string, Tensor)>()).ToArray();
        var rest = new List<(string, Tensor)>();
        foreach (var p in all)
        {
            int index = -1;
            for (int i = 0; i < modulePaths.Count && index < 0; i++)
                if (ParameterPath.IsUnder(p.Name, modulePaths[i])) index = i;
            (index >= 0 ? buckets[index] : rest).Add(p);
        }
        var groups = new List<ParameterGroup>();
        for (int i = 0; i < modulePaths.Count; i++)
        {
            if (buckets[i].Count == 0)
                throw new ArgumentException($"Module path '{modulePaths[i]}' selects none of the {all.Count} parameters.", nameof(modulePaths));
            groups.Add(new ParameterGroup(ParameterPath.Normalize(modulePaths[i]), buckets[i], learningRate, weightDecay));
        }
        if (rest.Count > 0) groups.Add(new ParameterGroup("other", rest, learningRate, weightDecay));
        return groups;
    }

    private static double RequireNonNegativeFinite(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be non-negative and finite.");
        return value;
    }
}
