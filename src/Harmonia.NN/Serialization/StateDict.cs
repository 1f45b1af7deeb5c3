using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Harmonia.Tensors;

namespace Harmonia.NN.Serialization;

/// <summary>
/// A model's named tensors in a fixed order, like PyTorch's <c>state_dict()</c> (an
/// OrderedDict): enumeration follows insertion order, and replacing a tensor keeps its place.
/// Also carries free-form string <see cref="Metadata"/> (safetensors' <c>__metadata__</c>).
/// </summary>
/// <remarks>
/// Every tensor is float32. Each entry also remembers the element type it had in the file it
/// came from (<see cref="GetSourceDType"/>), so that a writer can store integer buffers such
/// as <c>num_batches_tracked</c> back as integers.
/// </remarks>
public sealed class StateDict : IEnumerable<KeyValuePair<string, Tensor>>
{
    private readonly List<string> order = [];
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    private readonly record struct Entry(Tensor Tensor, CheckpointDType SourceDType);

    /// <summary>String key/value pairs stored alongside the tensors.</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>The number of tensors.</summary>
    public int Count => order.Count;

    /// <summary>The tensor names in insertion order.</summary>
    public IReadOnlyList<string> Keys => order;

    /// <summary>
    /// Gets the tensor called <paramref name="name"/>, or sets it: a new name is appended at the
    /// end with source dtype float32; an existing name keeps its position and its source dtype.
    /// </summary>
    /// <exception cref="KeyNotFoundException">On get, when there is no tensor of that name.</exception>
    public Tensor this[string name]
    {
        get => TryGetValue(name, out var tensor)
            ? tensor
            : throw new KeyNotFoundException($"The state dict has no tensor named '{name}'.");
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            var dtype = entries.TryGetValue(name, out var existing) ? existing.SourceDType : CheckpointDType.Float32;
            Set(name, value, dtype);
        }
    }

    /// <summary>Appends a tensor under a name that is not yet present.</summary>
    /// <exception cref="ArgumentException">When <paramref name="name"/> is already present.</exception>
    public void Add(string name, Tensor tensor, CheckpointDType sourceDType = CheckpointDType.Float32)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tensor);
        if (entries.ContainsKey(name))
            throw new ArgumentException($"The state dict already has a tensor named '{name}'.", nameof(name));
        entries.Add(name, new Entry(tensor, sourceDType));
        order.Add(name);
    }

    /// <summary>Stores a tensor: replaces it in place when the name exists, else appends it.</summary>
    public void Set(string name, Tensor tensor, CheckpointDType sourceDType)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tensor);
        if (!entries.ContainsKey(name)) order.Add(name);
        entries[name] = new Entry(tensor, sourceDType);
    }

    /// <summary>Looks a tensor up by name.</summary>
    public bool TryGetValue(string name, [MaybeNullWhen(false)] out Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (entries.TryGetValue(name, out var entry))
        {
            tensor = entry.Tensor;
            return true;
        }
        tensor = null;
        return false;
    }

    /// <summary>Whether a tensor of that name is present.</summary>
    public bool ContainsKey(string name) => entries.ContainsKey(name);

    /// <summary>Removes a tensor; the others keep their order. False when the name was absent.</summary>
    public bool Remove(string name)
    {
        if (!entries.Remove(name)) return false;
        order.Remove(name);
        return true;
    }

    /// <summary>
    /// Prefix of the tensors that travel with a model's state without being part of it: the optimizer
    /// state of a training checkpoint (e.g. <c>optimizer.model_layer0.weight.exp_avg</c>). A file that
    /// holds them still serves as weights once <see cref="RemoveOptimizerState"/> has dropped them.
    /// </summary>
    public const string OptimizerStatePrefix = "optimizer.";

    /// <summary>Removes every tensor under <see cref="OptimizerStatePrefix"/>; returns how many there were.</summary>
    public int RemoveOptimizerState()
    {
        var names = order.Where(name => name.StartsWith(OptimizerStatePrefix, StringComparison.Ordinal)).ToArray();
        foreach (var name in names) Remove(name);
        return names.Length;
    }

    /// <summary>The element type the tensor had in its source file (float32 for tensors made in memory).</summary>
    /// <exception cref="KeyNotFoundException">When there is no tensor of that name.</exception>
    public CheckpointDType GetSourceDType(string name) => entries.TryGetValue(name, out var entry)
        ? entry.SourceDType
        : throw new KeyNotFoundException($"The state dict has no tensor named '{name}'.");

    /// <summary>Enumerates name/tensor pairs in insertion order.</summary>
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator()
    {
        foreach (var name in order)
            yield return new KeyValuePair<string, Tensor>(name, entries[name].Tensor);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
