namespace Harmonia.NN.Serialization.Pickle;

/// <summary>
/// Decides what the <see cref="RestrictedUnpickler"/> may build. Everything that would run
/// code in Python's unpickler (importing a global, calling it, constructing an object, setting
/// its state, resolving a persistent id) goes through here; the unpickler itself only moves
/// plain values around. Implementations throw <see cref="CheckpointFormatException"/> to refuse.
/// </summary>
internal interface IUnpicklerPolicy
{
    /// <summary>GLOBAL / STACK_GLOBAL: returns a value standing for <c>module.name</c>, or refuses.</summary>
    object ResolveGlobal(string module, string name);

    /// <summary>REDUCE: <c>callable(*args)</c>.</summary>
    object? Call(object? callable, PickleTuple args);

    /// <summary>NEWOBJ / NEWOBJ_EX: <c>cls.__new__(cls, *args)</c>.</summary>
    object? Construct(object? cls, PickleTuple args);

    /// <summary>BUILD: applies <paramref name="state"/> to <paramref name="target"/>; returns the object that stays on the stack.</summary>
    object? ApplyState(object? target, object? state);

    /// <summary>BINPERSID: the object a persistent id refers to.</summary>
    object? LoadPersistent(object? persistentId);
}
