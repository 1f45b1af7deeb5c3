namespace Harmonia.NN.Serialization.Torch;

/// <summary>
/// Caps the bytes an import may allocate for storages and tensors together. A checkpoint's own
/// metadata decides how large its tensors are, and a hostile one can view one small storage
/// many times or with zero strides; the budget turns that into an error instead of an
/// out-of-memory crash.
/// </summary>
internal sealed class ImportBudget(long maxBytes, string source)
{
    private long spent;

    /// <summary>Records an allocation of <paramref name="bytes"/>, or refuses it when the budget would be exceeded.</summary>
    public void Charge(long bytes, string what)
    {
        if (bytes < 0 || bytes > maxBytes - spent)
            throw new CheckpointFormatException(source, $"{what} needs {bytes} bytes, which exceeds the import limit of {maxBytes} bytes ({spent} already used)");
        spent += bytes;
    }
}
