using Harmonia.NN.Serialization.Pickle;

namespace Harmonia.NN.Serialization.Torch;

/// <summary>
/// The allow-list for torch checkpoints: the few globals needed to rebuild tensors and
/// OrderedDicts, each reimplemented here in C#. Every other global is refused when it is first
/// named, before it could be called, so nothing from the file is ever executed.
/// </summary>
internal sealed class TorchUnpicklerPolicy : IUnpicklerPolicy
{
    private const string OrderedDict = "collections.OrderedDict";
    private const string RebuildTensorV2 = "torch._utils._rebuild_tensor_v2";
    private const string RebuildTensor = "torch._utils._rebuild_tensor";
    private const string RebuildParameter = "torch._utils._rebuild_parameter";
    private const string RebuildParameterWithState = "torch._utils._rebuild_parameter_with_state";
    private const string RebuildFromTypeV2 = "torch._tensor._rebuild_from_type_v2";
    private const string TensorType = "torch.Tensor";
    private const string ParameterType = "torch.nn.parameter.Parameter";

    /// <summary>The typed-storage classes torch names in persistent ids, and the dtype of each.</summary>
    private static readonly Dictionary<string, CheckpointDType> StorageTypes = new()
    {
        ["torch.FloatStorage"] = CheckpointDType.Float32,
        ["torch.DoubleStorage"] = CheckpointDType.Float64,
        ["torch.HalfStorage"] = CheckpointDType.Float16,
        ["torch.BFloat16Storage"] = CheckpointDType.BFloat16,
        ["torch.LongStorage"] = CheckpointDType.Int64,
        ["torch.IntStorage"] = CheckpointDType.Int32,
        ["torch.ShortStorage"] = CheckpointDType.Int16,
        ["torch.CharStorage"] = CheckpointDType.Int8,
        ["torch.ByteStorage"] = CheckpointDType.UInt8,
        ["torch.BoolStorage"] = CheckpointDType.Bool,
    };

    /// <summary>Storage classes torch has but this reader cannot convert to float32; named so the refusal says why.</summary>
    private static readonly HashSet<string> UnsupportedStorageTypes =
    [
        "torch.ComplexFloatStorage", "torch.ComplexDoubleStorage", "torch.ComplexHalfStorage",
        "torch.QInt8Storage", "torch.QUInt8Storage", "torch.QInt32Storage", "torch.QUInt4x2Storage", "torch.QUInt2x4Storage",
        "torch.UntypedStorage",
    ];

    private static readonly HashSet<string> Allowed =
    [
        OrderedDict, RebuildTensorV2, RebuildTensor, RebuildParameter, RebuildParameterWithState, RebuildFromTypeV2,
        TensorType, ParameterType, .. StorageTypes.Keys,
    ];

    private readonly Func<string, CheckpointDType, long, TorchStorage> loadStorage;
    private readonly ImportBudget budget;
    private readonly string source;
    private readonly long maxCopiedEntries;
    private long copiedEntries;

    /// <param name="loadStorage">Fetches (and caches) a storage by key, dtype and element count; null when the pickle may not reference storages.</param>
    /// <param name="budget">Caps the memory the rebuilt tensors take.</param>
    /// <param name="pickleLength">The pickle's size in bytes, which bounds how many entries OrderedDicts may copy (see <see cref="AddEntries"/>).</param>
    /// <param name="source">The checkpoint file, for error messages.</param>
    public TorchUnpicklerPolicy(Func<string, CheckpointDType, long, TorchStorage>? loadStorage, ImportBudget budget, long pickleLength, string source)
    {
        this.loadStorage = loadStorage ?? ((key, _, _) => throw new CheckpointFormatException(source, $"the pickle references tensor storage '{key}' but there is no archive to hold it"));
        this.budget = budget;
        this.source = source;
        maxCopiedEntries = pickleLength;
    }

    public object ResolveGlobal(string module, string name)
    {
        string fullName = $"{module}.{name}";
        if (UnsupportedStorageTypes.Contains(fullName))
            throw new CheckpointFormatException(source, $"tensors stored as {fullName} are not supported (only float, integer and bool tensors can be imported)");
        if (!Allowed.Contains(fullName))
            throw new CheckpointFormatException(source, $"refused to load global '{fullName}': only tensor data is allowed, and nothing from the file was executed");
        return new PickleGlobal(module, name);
    }

    public object? Call(object? callable, PickleTuple args)
    {
        if (callable is not PickleGlobal global)
            throw Refuse($"cannot call a value of type {PickleDescriber.TypeName(callable)}");
        switch (global.FullName)
        {
            case OrderedDict:
                return NewOrderedDict(args);
            case RebuildTensorV2:
                // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                ExpectArity(global, args, 6, 7);
                return RebuildView(args);
            case RebuildTensor:
                // (storage, storage_offset, size, stride): the pre-1.0 form.
                ExpectArity(global, args, 4, 4);
                return RebuildView(args);
            case RebuildParameter:
                // (data, requires_grad, backward_hooks): a parameter is its data for our purposes.
                ExpectArity(global, args, 3, 3);
                return ExpectTensor(args[0], global);
            case RebuildParameterWithState:
                // (data, requires_grad, backward_hooks, state): the extra Python attributes are dropped.
                ExpectArity(global, args, 4, 4);
                return ExpectTensor(args[0], global);
            case RebuildFromTypeV2:
                // (func, new_type, args, state): how tensors carrying Python attributes are pickled.
                ExpectArity(global, args, 4, 4);
                if (args[1] is not PickleGlobal { FullName: TensorType or ParameterType })
                    throw Refuse($"{RebuildFromTypeV2} may only rebuild {TensorType} or {ParameterType}, not {PickleDescriber.TypeName(args[1])}");
                if (args[0] is not PickleGlobal { FullName: RebuildTensorV2 or RebuildTensor or RebuildParameter or RebuildParameterWithState } inner)
                    throw Refuse($"{RebuildFromTypeV2} may only call a tensor rebuild function, not {PickleDescriber.TypeName(args[0])}");
                if (args[2] is not PickleTuple innerArgs)
                    throw Refuse($"{RebuildFromTypeV2} needs a tuple of arguments");
                return Call(inner, innerArgs);
            default:
                throw Refuse($"global '{global.FullName}' cannot be called");
        }
    }

    public object? Construct(object? cls, PickleTuple args)
    {
        if (cls is PickleGlobal { FullName: OrderedDict } && args.Count == 0) return new PickleDict();
        throw Refuse($"constructing {PickleDescriber.TypeName(cls)} is not allowed");
    }

    public object? ApplyState(object? target, object? state)
    {
        switch (target)
        {
            case PickleDict dict:
                // torch's state_dict is an OrderedDict with a _metadata attribute (module versions).
                dict.State = state;
                return dict;
            case LoadedTensor:
                // Python attributes set on a tensor; they carry no tensor data.
                return target;
            default:
                throw Refuse($"setting the state of a {PickleDescriber.TypeName(target)} is not allowed");
        }
    }

    public object? LoadPersistent(object? persistentId)
    {
        // torch.save writes ('storage', storage_type, key, location, numel).
        if (persistentId is not PickleTuple { Count: 5 } id || id[0] is not "storage")
            throw Refuse($"unrecognised persistent id of type {PickleDescriber.TypeName(persistentId)} (expected ('storage', type, key, location, numel))");
        if (id[1] is not PickleGlobal storageType || !StorageTypes.TryGetValue(storageType.FullName, out var dtype))
            throw Refuse($"persistent id names {PickleDescriber.TypeName(id[1])} where a torch storage type belongs");
        if (id[2] is not string key)
            throw Refuse($"persistent id has a storage key of type {PickleDescriber.TypeName(id[2])}");
        if (id[3] is not string)
            throw Refuse($"persistent id for storage '{key}' has a location of type {PickleDescriber.TypeName(id[3])}");
        if (id[4] is not long numel || numel < 0)
            throw Refuse($"persistent id for storage '{key}' has an invalid element count");
        return loadStorage(key, dtype, numel);
    }

    private PickleDict NewOrderedDict(PickleTuple args)
    {
        var dict = new PickleDict();
        if (args.Count == 0) return dict;
        if (args.Count != 1)
            throw Refuse($"{OrderedDict} takes at most one argument, got {args.Count}");
        switch (args[0])
        {
            case PickleDict source:
                ChargeCopies(source.Count);
                foreach (var (key, value) in source.Entries) dict.TrySet(key, value);
                return dict;
            case List<object?> list:
                AddEntries(dict, list);
                return dict;
            case PickleTuple tuple:
                AddEntries(dict, tuple.Items);
                return dict;
            default:
                throw Refuse($"{OrderedDict} cannot be built from a {PickleDescriber.TypeName(args[0])}");
        }
    }

    /// <summary>
    /// Copies key/value pairs into a new OrderedDict. A pickle can build one list of n pairs and
    /// then pass that same list to OrderedDict again and again for a few bytes per call, which
    /// would make unpickling quadratic in the file's size. Every pair a pickle holds costs it at
    /// least one opcode byte, so an honest pickle, which copies each list once, copies fewer
    /// entries than it has bytes; that is the limit.
    /// </summary>
    private void AddEntries(PickleDict dict, IReadOnlyList<object?> pairs)
    {
        ChargeCopies(pairs.Count);
        foreach (var pair in pairs)
        {
            IReadOnlyList<object?>? keyValue = pair switch { PickleTuple t => t.Items, List<object?> l => l, _ => null };
            if (keyValue is not { Count: 2 })
                throw Refuse($"{OrderedDict} items must be key/value pairs, got a {PickleDescriber.TypeName(pair)}");
            if (!dict.TrySet(keyValue[0], keyValue[1]))
                throw Refuse($"unhashable {OrderedDict} key of type {PickleDescriber.TypeName(keyValue[0])}");
        }
    }

    private void ChargeCopies(int entries)
    {
        copiedEntries += entries;
        if (copiedEntries > maxCopiedEntries)
            throw Refuse($"{OrderedDict} calls copy more than {maxCopiedEntries} entries in all, more than a {maxCopiedEntries}-byte pickle can hold (the same items are copied over and over)");
    }

    private LoadedTensor RebuildView(PickleTuple args)
    {
        if (args[0] is not TorchStorage storage)
            throw Refuse($"tensor rebuild expects a storage, got {PickleDescriber.TypeName(args[0])}");
        if (args[1] is not long offset)
            throw Refuse($"tensor rebuild expects an integer storage offset, got {PickleDescriber.TypeName(args[1])}");
        var sizes = IntegerTuple(args[2], "size");
        var strides = IntegerTuple(args[3], "stride");
        return TensorRebuilder.Build(storage, offset, sizes, strides, budget, source);
    }

    private long[] IntegerTuple(object? value, string what)
    {
        if (value is not PickleTuple tuple)
            throw Refuse($"tensor {what} must be a tuple, got {PickleDescriber.TypeName(value)}");
        if (tuple.Count > TensorRebuilder.MaxRank)
            throw Refuse($"tensor {what} has {tuple.Count} dimensions, more than {TensorRebuilder.MaxRank}");
        var result = new long[tuple.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = tuple[i] is long v ? v : throw Refuse($"tensor {what} holds a {PickleDescriber.TypeName(tuple[i])} instead of an integer");
        return result;
    }

    private LoadedTensor ExpectTensor(object? value, PickleGlobal caller) =>
        value as LoadedTensor ?? throw Refuse($"{caller.FullName} expects a tensor, got {PickleDescriber.TypeName(value)}");

    private void ExpectArity(PickleGlobal global, PickleTuple args, int min, int max)
    {
        if (args.Count < min || args.Count > max)
            throw Refuse($"{global.FullName} called with {args.Count} arguments (expected {(min == max ? $"{min}" : $"{min} or {max}")})");
    }

    private CheckpointFormatException Refuse(string problem) => new(source, problem);
}
