using Harmonia.Tensors;

namespace Harmonia.Models;

/// <summary>
/// How the networks keep inference memory flat: an intermediate goes back to the buffer pool
/// as soon as it has been consumed, which keeps HDNet at 2048² within a few gigabytes. In
/// training the graph owns every intermediate, so nothing is released.
/// </summary>
internal static class InferenceMemory
{
    /// <summary>Disposes <paramref name="consumed"/> when gradients are off; does nothing otherwise.</summary>
    public static void Release(params Tensor[] consumed)
    {
        if (Autograd.IsEnabled) return;
        foreach (var t in consumed) t.Dispose();
    }
}
