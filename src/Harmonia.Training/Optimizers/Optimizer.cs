using Harmonia.Tensors;
using Harmonia.Tensors.Threading;

namespace Harmonia.Training.Optimizers;

/// <summary>
/// A first-order optimizer over named parameters organised in <see cref="ParameterGroup"/>s. The
/// base class owns what every optimizer shares: which parameters take part in a step, the
/// per-parameter state (a step count and float buffers named like PyTorch's, e.g. <c>exp_avg</c>),
/// and saving and restoring that state bit-exactly. Subclasses supply the update rule.
/// </summary>
public abstract class Optimizer
{
    /// <summary>Largest step count a float32 checkpoint entry holds exactly (2^24).</summary>
    private const long MaxExactStep = 1L << 24;

    private const string StepSlot = "step";

    private readonly Dictionary<string, ParameterState> states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> shapesByName = new(StringComparer.Ordinal);
    private readonly string[] bufferSlots;

    /// <summary>Sets up the optimizer; parameter names and tensors must be unique across groups.</summary>
    /// <param name="groups">The parameter groups, at least one.</param>
    /// <param name="bufferSlots">Names of the per-parameter buffers the update rule keeps, each shaped like its parameter.</param>
    protected Optimizer(IReadOnlyList<ParameterGroup> groups, IReadOnlyList<string> bufferSlots)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0) throw new ArgumentException("An optimizer needs at least one parameter group.", nameof(groups));
        var seenTensors = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var groupNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            if (group is null) throw new ArgumentException("A parameter group is null.", nameof(groups));
            if (!groupNames.Add(group.Name)) throw new ArgumentException($"Two parameter groups are named '{group.Name}'.", nameof(groups));
            foreach (var (name, tensor) in group.Parameters)
            {
                if (!shapesByName.TryAdd(name, tensor.Shape.ToArray()))
                    throw new ArgumentException($"Parameter '{name}' appears twice (group '{group.Name}').", nameof(groups));
                if (!seenTensors.Add(tensor))
                    throw new ArgumentException($"Parameter '{name}' is a tensor already given under another name.", nameof(groups));
            }
        }
        Groups = groups.ToArray();
        this.bufferSlots = bufferSlots.ToArray();
    }

    /// <summary>The parameter groups, in the order given.</summary>
    public IReadOnlyList<ParameterGroup> Groups { get; }

    /// <summary>The group named <paramref name="name"/>.</summary>
    public ParameterGroup Group(string name)
        => Groups.FirstOrDefault(g => g.Name == name)
           ?? throw new KeyNotFoundException($"No parameter group is named '{name}'; the groups are {string.Join(", ", Groups.Select(g => g.Name))}.");

    /// <summary>Sets the learning rate of every group.</summary>
    public void SetLearningRate(double learningRate)
    {
        foreach (var group in Groups) group.LearningRate = learningRate;
    }

    /// <summary>
    /// Updates every parameter of every unfrozen group from its <see cref="Tensor.Grad"/>.
    /// Parameters whose gradient is null are skipped entirely (no decay, no state change), as in PyTorch.
    /// </summary>
    public void Step()
    {
        foreach (var group in Groups)
        {
            if (group.Frozen) continue;
            foreach (var (name, parameter) in group.Parameters)
            {
                var gradient = parameter.Grad;
                if (gradient is null) continue;
                if (!gradient.Shape.SequenceEqual(parameter.Shape))
                    throw new InvalidOperationException($"Parameter '{name}' has shape {ShapeMath.Format(parameter.Shape)} but its gradient {ShapeMath.Format(gradient.Shape)}.");
                if (!states.TryGetValue(name, out var state))
                {
                    state = new ParameterState(bufferSlots.Select(_ => new float[parameter.Numel]).ToArray());
                    states.Add(name, state);
                }
                state.Step++;
                var parameterData = parameter.Data;
                var gradientData = gradient.Data;
                int count = parameter.Numel;
                long step = state.Step;
                // Elementwise updates give the same bits whatever the partition.
                ParallelRange.For(count, ParallelRange.ChunkSize(count, minItemsPerChunk: 16384),
                    (start, end) => Update(group, parameterData, gradientData, state.Buffers, step, start, end));
            }
        }
    }

    /// <summary>Clears the gradient of every parameter of every group (PyTorch's <c>zero_grad(set_to_none=True)</c>).</summary>
    public void ZeroGrad()
    {
        foreach (var group in Groups)
            foreach (var (_, parameter) in group.Parameters) parameter.Grad = null;
    }

    /// <summary>
    /// Applies one update to elements <c>[start, end)</c> of one parameter.
    /// </summary>
    /// <param name="group">The parameter's group (learning rate, weight decay).</param>
    /// <param name="parameter">The parameter's elements, updated in place.</param>
    /// <param name="gradient">The gradient's elements.</param>
    /// <param name="buffers">The state buffers, in the order of the slots given to the constructor, updated in place.</param>
    /// <param name="step">The 1-based number of this update for this parameter.</param>
    /// <param name="start">First element to update.</param>
    /// <param name="end">One past the last element to update.</param>
    protected abstract void Update(ParameterGroup group, float[] parameter, float[] gradient, float[][] buffers, long step, int start, int end);

    // ------------------------------------------------------------------ checkpoints

    /// <summary>
    /// A copy of the optimizer state: for each parameter that has been updated at least once,
    /// <c>&lt;name&gt;.step</c> (a 1-element tensor holding the update count) and one
    /// <c>&lt;name&gt;.&lt;slot&gt;</c> tensor per buffer (e.g. <c>exp_avg</c>, <c>exp_avg_sq</c>),
    /// shaped like the parameter. Learning rates and other group settings are not included: the
    /// schedule sets them again on resume.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> ExportState()
    {
        var exported = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var group in Groups)
            foreach (var (name, parameter) in group.Parameters)
            {
                if (!states.TryGetValue(name, out var state)) continue;
                if (state.Step > MaxExactStep)
                    throw new InvalidOperationException($"Parameter '{name}' has taken {state.Step} steps, more than a float32 checkpoint entry stores exactly ({MaxExactStep}).");
                exported.Add($"{name}.{StepSlot}", Tensor.FromArray([(float)state.Step], 1));
                for (int s = 0; s < bufferSlots.Length; s++)
                    exported.Add($"{name}.{bufferSlots[s]}", Tensor.FromArray((float[])state.Buffers[s].Clone(), parameter.Shape));
            }
        return exported;
    }

    /// <summary>
    /// Replaces the whole optimizer state with <paramref name="state"/>, as written by
    /// <see cref="ExportState"/>; parameters absent from it start fresh. Everything is checked
    /// before anything changes: unknown names, incomplete entries, wrong shapes and step counts
    /// that are not whole non-negative numbers are reported together.
    /// </summary>
    /// <exception cref="InvalidDataException">The state does not fit this optimizer's parameters.</exception>
    public void ImportState(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string[] slots = [StepSlot, .. bufferSlots];
        var entriesByParameter = new Dictionary<string, Dictionary<string, Tensor>>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var problems = new List<string>();

        foreach (var (key, tensor) in state)
        {
            var match = slots.Select(slot => (Slot: slot, Name: key.EndsWith("." + slot, StringComparison.Ordinal) ? key[..^(slot.Length + 1)] : null))
                .FirstOrDefault(m => m.Name is not null && shapesByName.ContainsKey(m.Name));
            if (match.Name is null) { unknown.Add(key); continue; }
            if (tensor is null) { problems.Add($"{key} is null"); continue; }
            if (!entriesByParameter.TryGetValue(match.Name, out var entries))
                entriesByParameter[match.Name] = entries = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            entries[match.Slot] = tensor;
        }
        if (unknown.Count > 0)
            problems.Add($"unexpected {Summarize(unknown)} (this {GetType().Name} keeps {string.Join(", ", slots.Select(s => "<parameter>." + s))})");

        var imported = new Dictionary<string, ParameterState>(StringComparer.Ordinal);
        foreach (var (name, entries) in entriesByParameter)
        {
            var missing = slots.Where(s => !entries.ContainsKey(s)).ToList();
            if (missing.Count > 0) { problems.Add($"{name} lacks {string.Join(", ", missing.Select(s => $"{name}.{s}"))}"); continue; }
            var stepTensor = entries[StepSlot];
            if (stepTensor.Numel != 1) { problems.Add($"{name}.{StepSlot} must hold one value, it has shape {ShapeMath.Format(stepTensor.Shape)}"); continue; }
            float stepValue = stepTensor.Data[0];
            if (!(stepValue >= 1) || stepValue > MaxExactStep || stepValue != MathF.Floor(stepValue))
            { problems.Add($"{name}.{StepSlot} is {stepValue}, not a whole number of steps in [1, {MaxExactStep}]"); continue; }
            var expectedShape = shapesByName[name];
            var misShaped = bufferSlots.Where(s => !entries[s].Shape.SequenceEqual(expectedShape))
                .Select(s => $"{name}.{s} (expected {ShapeMath.Format(expectedShape)}, found {ShapeMath.Format(entries[s].Shape)})").ToList();
            if (misShaped.Count > 0) { problems.AddRange(misShaped); continue; }
            imported[name] = new ParameterState(bufferSlots.Select(s => (float[])entries[s].Data.Clone()).ToArray()) { Step = (long)stepValue };
        }

        if (problems.Count > 0)
            throw new InvalidDataException($"The optimizer state does not fit this {GetType().Name}: {string.Join("; ", problems)}.");
        states.Clear();
        foreach (var (name, s) in imported) states.Add(name, s);
    }

    /// <summary>How many updates the parameter <paramref name="name"/> has received (0 before its first).</summary>
    public long StepCount(string name)
    {
        if (!shapesByName.ContainsKey(name)) throw new KeyNotFoundException($"'{name}' is not a parameter of this optimizer.");
        return states.TryGetValue(name, out var state) ? state.Step : 0;
    }


    private static string Summarize(List<string> names)
        => names.Count <= 5 ? string.Join(", ", names) : string.Join(", ", names.Take(5)) + $" and {names.Count - 5} more";

    /// <summary>What the optimizer remembers about one parameter.</summary>
    private sealed class ParameterState(float[][] buffers)
    {
        public float[][] Buffers { get; } = buffers;
        public long Step { get; set; }
    }
}
