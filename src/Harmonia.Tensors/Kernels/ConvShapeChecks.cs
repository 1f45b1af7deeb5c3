namespace Harmonia.Tensors.Kernels;

/// <summary>Argument checks shared by the convolution shapes and kernels, each with a message naming the problem.</summary>
internal static class ConvShapeChecks
{
    public static void AtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
            throw new ArgumentException($"{name} must be at least {minimum}, got {value}.");
    }

    public static void DividesChannels(int channels, int groups, string channelsName)
    {
        if (channels % groups != 0)
            throw new ArgumentException($"{channelsName} ({channels}) must be divisible by Groups ({groups}).");
    }

    public static void FitsOneArray(long elements, string what)
    {
        if (elements > Array.MaxLength)
            throw new ArgumentException($"The {what} would hold {elements} elements, more than one array can hold.");
    }

    public static void Length(float[]? array, long needed, string name, bool optional = false)
    {
        if (array is null)
        {
            if (optional) return;
            throw new ArgumentNullException(name);
        }
        if (array.Length < needed)
            throw new ArgumentException($"{name} has {array.Length} floats but the shape needs {needed}.", name);
    }

    /// <summary>⌊a / b⌋ for b &gt; 0, also for negative a.</summary>
    public static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
