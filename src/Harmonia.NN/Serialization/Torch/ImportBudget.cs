namespace Harmonia.NN.Serialization.Torch;

/// <summary>
/// Caps what an import may allocate, in proportion to what the file can justify. A
/// checkpoint's own metadata decides how large its tensors are, and a hostile one can view one
/// small storage many times or with zero strides; the budget turns that into an error instead
/// of an out-of-memory crash or gigabytes allocated for a file of a few hundred bytes.
/// </summary>
/// <remarks>
/// Two limits apply: all storages and tensors together may take at most the caller's byte limit,
/// and the tensors' views may show at most <see cref="MaxViewExpansion"/> times the elements the
/// file's storages hold, plus <see cref="ViewElementAllowance"/>.
/// </remarks>
internal sealed class ImportBudget(long maxBytes, string source)
{
    /// <summary>
    /// How many times over the tensors may show the elements their storages hold. A state dict's
    /// tensors are normally disjoint parts of their storages (one time over); tied weights or an
    /// expanded buffer add a little. Four leaves room for those and refuses views that blow a few
    /// stored elements up into gigabytes.
    /// </summary>
    public const int MaxViewExpansion = 4;

    /// <summary>
    /// Elements the views may show beyond <see cref="MaxViewExpansion"/> times the stored ones, in
    /// all: enough for small broadcast buffers over a scalar storage (4 MiB as float32).
    /// </summary>
    public const long ViewElementAllowance = 1 << 20;

    private long spent;
    private long storedElements;
    private long viewedElements;

    /// <summary>Records an allocation of <paramref name="bytes"/>, or refuses it when the budget would be exceeded.</summary>
    public void Charge(long bytes, string what)
    {
        if (bytes < 0 || bytes > maxBytes - spent)
            throw new CheckpointFormatException(source, $"{what} needs {bytes} bytes, which exceeds the import limit of {maxBytes} bytes ({spent} already used)");
        spent += bytes;
    }

    /// <summary>Records a storage read from the file: <paramref name="bytes"/> of memory holding <paramref name="elements"/> elements.</summary>
    public void ChargeStorage(long bytes, long elements, string what)
    {
        Charge(bytes, what);
        storedElements += elements;
    }

    /// <summary>
    /// Records a tensor of <paramref name="elements"/> float32 values built from a view of the
    /// storages, or refuses it when the views would show more than the storages can justify.
    /// </summary>
    public void ChargeTensor(long elements, string what)
    {
        long justified = MaxViewExpansion * storedElements + ViewElementAllowance;
        if (elements < 0 || elements > justified - viewedElements)
            throw new CheckpointFormatException(source,
                $"{what} would bring the elements shown by the file's tensors to {viewedElements + elements}, but its storages hold only {storedElements} "
                + $"(views may show at most {MaxViewExpansion} times that, plus {ViewElementAllowance})");
        Charge(elements * sizeof(float), what);
        viewedElements += elements;
    }
}
