namespace Harmonia.Imaging;

/// <summary>
/// Which source pixel each output pixel copies under nearest-neighbour resizing: the one
/// containing the output pixel's centre, <c>floor((i + 0.5)·scale)</c>.
/// </summary>
internal static class NearestNeighbourIndices
{
    /// <summary>Source index for every output index along one axis.</summary>
    public static int[] Compute(int inputSize, int outputSize)
    {
        // Pillow steps the coordinate by repeated addition rather than multiplying; doing the
        // same keeps the rare exact-boundary cases identical to it.
        double scale = (double)inputSize / outputSize;
        double position = scale * 0.5;
        var indices = new int[outputSize];
        for (int i = 0; i < outputSize; i++)
        {
            indices[i] = Math.Clamp((int)position, 0, inputSize - 1);
            position += scale;
        }
        return indices;
    }
}
