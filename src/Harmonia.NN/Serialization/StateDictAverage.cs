using Harmonia.Tensors;

namespace Harmonia.NN.Serialization;

/// <summary>
/// The element-wise mean of several state dicts with the same tensors: averaging the weights of
/// checkpoints taken along one training run (stochastic weight averaging, Izmailov et al. 2018)
/// smooths out the step-to-step noise of a constant learning rate.
/// </summary>
public static class StateDictAverage
{
    /// <summary>
    /// The mean of <paramref name="states"/>, tensor by tensor, in the first one's order, summed in
    /// double precision in the order given. A tensor stored as an integer in its file (a counter
    /// such as <c>num_batches_tracked</c>) is not a weight: it is taken from the last state.
    /// Metadata is not carried over.
    /// </summary>
    /// <param name="states">At least one state dict; all must hold the same names with the same shapes.</param>
    /// <param name="names">What to call each state in errors (file names), parallel to <paramref name="states"/>.</param>
    /// <exception cref="ArgumentException">No states, or their names or shapes differ (the message names both states).</exception>
    public static StateDict Mean(IReadOnlyList<StateDict> states, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(names);
        if (states.Count == 0) throw new ArgumentException("There is nothing to average.", nameof(states));
        if (names.Count != states.Count) throw new ArgumentException("Give one name per state dict.", nameof(names));
        var first = states[0];
        for (int s = 1; s < states.Count; s++) CheckSameTensors(first, names[0], states[s], names[s]);

        var mean = new StateDict();
        foreach (var name in first.Keys)
        {
            var dtype = states[^1].GetSourceDType(name);
            if (IsInteger(dtype))
            {
                mean.Add(name, states[^1][name], dtype);
                continue;
            }
            var template = first[name];
            var sum = new double[template.Data.Length];
            foreach (var state in states)
            {
                var values = state[name].Data;
                for (int i = 0; i < sum.Length; i++) sum[i] += values[i];
            }
            var averaged = new float[sum.Length];
            for (int i = 0; i < sum.Length; i++) averaged[i] = (float)(sum[i] / states.Count);
            mean.Add(name, Tensor.FromArray(averaged, template.Shape), dtype);
        }
        return mean;
    }

    private static void CheckSameTensors(StateDict first, string firstName, StateDict other, string otherName)
    {
        var missing = first.Keys.FirstOrDefault(key => !other.ContainsKey(key));
        if (missing is not null)
            throw new ArgumentException($"{otherName} has no tensor '{missing}', which {firstName} has; only checkpoints of one architecture can be averaged");
        var extra = other.Keys.FirstOrDefault(key => !first.ContainsKey(key));
        if (extra is not null)
            throw new ArgumentException($"{otherName} has a tensor '{extra}' that {firstName} has not; only checkpoints of one architecture can be averaged");
        foreach (var key in first.Keys)
            if (!first[key].Shape.SequenceEqual(other[key].Shape))
                throw new ArgumentException($"{otherName}: tensor '{key}' is {ShapeMath.Format(other[key].Shape)} but {ShapeMath.Format(first[key].Shape)} in {firstName}");
    }

    private static bool IsInteger(CheckpointDType dtype) =>
        dtype is not (CheckpointDType.Float32 or CheckpointDType.Float16 or CheckpointDType.BFloat16 or CheckpointDType.Float64);
}
