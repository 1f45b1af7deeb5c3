namespace Harmonia.Tensors.Kernels;

/// <summary>
/// Where a micro-kernel finds the rows of B, one after another: the one thing its two callers do
/// differently. A struct, so the kernel is compiled for each kind and the cursor lives in registers.
/// </summary>
internal unsafe interface ITileRows
{
    /// <summary>The next row's first float the tile reads (row 0 on the first call).</summary>
    float* Next();
}

/// <summary>Rows a fixed stride apart: a packed panel, or B read in place (the GEMM).</summary>
internal unsafe struct StridedRows : ITileRows
{
    private float* row;
    private readonly int stride;

    public StridedRows(float* first, int stride)
    {
        row = first;
        this.stride = stride;
    }

    public float* Next()
    {
        float* current = row;
        row += stride;
        return current;
    }
}

/// <summary>Rows at offsets from a table: taps of a padded image (the indirect convolution).</summary>
internal unsafe struct IndexedRows : ITileRows
{
    private readonly float* origin;
    private int* offset;

    public IndexedRows(float* origin, int* offsets)
    {
        this.origin = origin;
        offset = offsets;
    }

    public float* Next() => origin + *offset++;
}

/// <summary>What a micro-kernel does with the tile of C it has summed.</summary>
internal enum TileStore
{
    /// <summary>C = the sum.</summary>
    Overwrite,

    /// <summary>C = C + the sum (the GEMM's later depth slices).</summary>
    AddToC,

    /// <summary>The sums start from C's values and continue their chains (one sum cut into slices, same bits).</summary>
    ContinueFromC,
}
