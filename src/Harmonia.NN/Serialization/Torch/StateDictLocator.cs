using Harmonia.NN.Serialization.Pickle;

namespace Harmonia.NN.Serialization.Torch;

/// <summary>
/// Finds the name → tensor mapping inside an unpickled checkpoint. Training scripts often save
/// a dict that wraps the state_dict next to an epoch counter or optimizer state
/// (<c>{"state_dict": …, "epoch": 3}</c>); and <c>nn.DataParallel</c> prefixes every name
/// with <c>module.</c>. Both are undone here.
/// </summary>
internal static class StateDictLocator
{
    /// <summary>Keys under which training scripts commonly nest the weights, most specific first.</summary>
    public static readonly string[] WrapperKeys = ["state_dict", "model_state_dict", "model", "net", "state_dict_ema"];

    /// <summary>How many wrapper levels are followed (e.g. <c>{"model": {"state_dict": …}}</c> is two).</summary>
    private const int MaxWrapperDepth = 4;

    private const string DataParallelPrefix = "module.";

    /// <summary>Builds the state dict the checkpoint holds, or explains why there is none.</summary>
    public static StateDict Locate(object? root, string source)
    {
        if (root is not PickleDict top)
            throw new CheckpointFormatException(source, $"the checkpoint holds a {PickleDescriber.TypeName(root)}, not a dict of tensors");

        // A plain state_dict: every value is a tensor (an empty one counts).
        if (top.Entries.All(e => e.Value is LoadedTensor))
            return StripDataParallelPrefix(ToStateDict(top, source));

        var nested = FindWrapped(top, depth: 1);
        if (nested is null)
        {
            var keys = top.Entries.Take(12).Select(e => e.Key is string s ? $"'{s}'" : PickleDescriber.TypeName(e.Key));
            throw new CheckpointFormatException(source,
                $"found no state_dict: the top-level dict mixes tensors and other values or holds no tensors (keys: {string.Join(", ", keys)}{(top.Count > 12 ? ", …" : "")}), " +
                $"and none of the keys {string.Join(", ", WrapperKeys)} holds a dict of tensors");
        }
        return StripDataParallelPrefix(ToStateDict(nested, source));
    }

    /// <summary>The first wrapper value that directly holds at least one tensor, searching wrapper keys in priority order.</summary>
    private static PickleDict? FindWrapped(PickleDict dict, int depth)
    {
        if (depth > MaxWrapperDepth) return null;
        foreach (string key in WrapperKeys)
        {
            if (!dict.TryGetValue(key, out var value) || value is not PickleDict inner) continue;
            if (inner.Entries.Any(e => e.Value is LoadedTensor)) return inner;
            if (FindWrapped(inner, depth + 1) is { } deeper) return deeper;
        }
        return null;
    }

    /// <summary>Copies the tensor entries; other values (ints, strings, nested dicts) are skipped.</summary>
    private static StateDict ToStateDict(PickleDict dict, string source)
    {
        var result = new StateDict();
        foreach (var (key, value) in dict.Entries)
        {
            if (value is not LoadedTensor tensor) continue;
            if (key is not string name)
                throw new CheckpointFormatException(source, $"a tensor is stored under a key of type {PickleDescriber.TypeName(key)}; state_dict keys must be strings");
            result.Add(name, tensor.Tensor, tensor.SourceDType);
        }
        return result;
    }

    /// <summary>Removes <c>module.</c> when every name carries it, as checkpoints saved from nn.DataParallel do.</summary>
    private static StateDict StripDataParallelPrefix(StateDict stateDict)
    {
        if (stateDict.Count == 0 || !stateDict.Keys.All(k => k.StartsWith(DataParallelPrefix, StringComparison.Ordinal)))
            return stateDict;
        var stripped = new StateDict();
        foreach (var (name, tensor) in stateDict)
            stripped.Add(name[DataParallelPrefix.Length..], tensor, stateDict.GetSourceDType(name));
        return stripped;
    }
}
