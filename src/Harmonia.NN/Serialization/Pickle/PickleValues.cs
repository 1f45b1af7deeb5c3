using System.Numerics;

namespace Harmonia.NN.Serialization.Pickle;

// How the restricted unpickler represents Python values:
//   None -> null, bool -> bool, int -> long (BigInteger when it does not fit), float -> double,
//   str -> string, bytes -> byte[], list -> List<object?>, tuple -> PickleTuple,
//   dict / OrderedDict -> PickleDict, an allowed global -> PickleGlobal,
//   and the torch-specific TorchStorage and LoadedTensor.

/// <summary>An immutable Python tuple.</summary>
internal sealed class PickleTuple
{
    public PickleTuple(object?[] items)
    {
        Items = items;
        // Computed once, from the children's weights, so that it never recurses: a hostile
        // pickle can nest tuples a million deep or share one tuple in many places.
        long weight = 1;
        foreach (var item in items)
        {
            int itemWeight = PickleKeyComparer.KeyWeight(item);
            if (itemWeight < 0) { weight = -1; break; }
            weight = Math.Min(weight + itemWeight, PickleKeyComparer.MaxKeyWeight + 1);
        }
        KeyWeight = (int)weight;
    }

    public static PickleTuple Empty { get; } = new([]);

    public IReadOnlyList<object?> Items { get; }

    public int Count => Items.Count;

    public object? this[int index] => Items[index];

    /// <summary>
    /// How many values this tuple holds when fully expanded (itself included), capped just above
    /// <see cref="PickleKeyComparer.MaxKeyWeight"/>; -1 when it holds something unhashable.
    /// </summary>
    public int KeyWeight { get; }
}

/// <summary>A reference to a global the policy allowed; what it may be used for depends on the policy.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
}

/// <summary>
/// A Python dict (or OrderedDict) in insertion order. Re-setting a key keeps its position and
/// replaces its value, as Python does.
/// </summary>
internal sealed class PickleDict
{
    private readonly List<KeyValuePair<object?, object?>> entries = [];
    private readonly Dictionary<object, int> index = new(PickleKeyComparer.Instance);

    public IReadOnlyList<KeyValuePair<object?, object?>> Entries => entries;

    public int Count => entries.Count;

    /// <summary>Instance attributes a BUILD opcode attached (an OrderedDict's <c>_metadata</c>); kept but unused.</summary>
    public object? State { get; set; }

    /// <summary>Sets <paramref name="key"/>; false when the key is not hashable (a list, a dict, or too large a tuple).</summary>
    public bool TrySet(object? key, object? value)
    {
        if (!PickleKeyComparer.IsHashable(key)) return false;
        var boxed = key ?? PickleKeyComparer.NoneKey;
        if (index.TryGetValue(boxed, out int position))
        {
            entries[position] = new(entries[position].Key, value);
        }
        else
        {
            index.Add(boxed, entries.Count);
            entries.Add(new(key, value));
        }
        return true;
    }

    public bool TryGetValue(string key, out object? value)
    {
        if (index.TryGetValue(key, out int position))
        {
            value = entries[position].Value;
            return true;
        }
        value = null;
        return false;
    }
}

/// <summary>
/// Equality for dictionary keys with Python's value semantics for the hashable types the
/// unpickler produces. Keys are checked by <see cref="IsHashable"/> first, which bounds their
/// expanded size, so comparing and hashing them is cheap and never recurses deeply.
/// </summary>
internal sealed class PickleKeyComparer : IEqualityComparer<object>
{
    /// <summary>
    /// Tuple keys may hold at most this many values in total, so comparing or hashing a key is
    /// cheap and shallow. Checkpoint keys are strings and ints; small tuples are a courtesy.
    /// </summary>
    public const int MaxKeyWeight = 256;

    public static PickleKeyComparer Instance { get; } = new();

    /// <summary>Stands in for None, which a .NET dictionary cannot hold as a key.</summary>
    public static object NoneKey { get; } = new();

    /// <summary>Whether the value can be a dict key: a scalar, or a small tuple of such.</summary>
    public static bool IsHashable(object? key) => KeyWeight(key) is >= 0 and <= MaxKeyWeight;

    /// <summary>1 for hashable scalars, a tuple's expanded size, -1 for unhashable values.</summary>
    public static int KeyWeight(object? value) => value switch
    {
        null or bool or long or BigInteger or double or string or byte[] or PickleGlobal => 1,
        PickleTuple tuple => tuple.KeyWeight,
        _ => -1,
    };

    public new bool Equals(object? x, object? y)
    {
        x = Normalize(x);
        y = Normalize(y);
        return (x, y) switch
        {
            (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
            (PickleTuple a, PickleTuple b) => ReferenceEquals(a, b) || a.Count == b.Count && a.Items.Zip(b.Items).All(p => Equals(p.First, p.Second)),
            _ => object.Equals(x, y),
        };
    }

    public int GetHashCode(object obj)
    {
        obj = Normalize(obj)!;
        switch (obj)
        {
            case byte[] bytes:
                var bytesHash = new HashCode();
                bytesHash.AddBytes(bytes);
                return bytesHash.ToHashCode();
            case PickleTuple tuple:
                var tupleHash = new HashCode();
                foreach (var item in tuple.Items) tupleHash.Add(item is null ? 0 : GetHashCode(item));
                return tupleHash.ToHashCode();
            default:
                return obj.GetHashCode();
        }
    }

    /// <summary>Python treats True, 1, 1.0 and the big integer 1 as the same key.</summary>
    private static object? Normalize(object? value) => value switch
    {
        bool b => b ? 1L : 0L,
        BigInteger big when big >= long.MinValue && big <= long.MaxValue => (long)big,
        double d when d == Math.Floor(d) && d >= -9.2233720368547758e18 && d < 9.2233720368547758e18 => (long)d,
        _ => value,
    };
}

/// <summary>Python-style type names for error messages.</summary>
internal static class PickleDescriber
{
    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        bool => "bool",
        long or BigInteger => "int",
        double => "float",
        string => "str",
        byte[] => "bytes",
        List<object?> => "list",
        PickleTuple => "tuple",
        PickleDict => "dict",
        PickleGlobal g => $"global {g.FullName}",
        _ => value.GetType().Name,
    };
}
