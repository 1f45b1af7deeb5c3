namespace Harmonia.Tensors.Tests.Kernels;

/// <summary>
/// Tests that change <see cref="EngineSettings.Threads"/> run alone, so no other test changes
/// the setting halfway through a comparison.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadCountCollection
{
    public const string Name = "Kernels: thread count";

    /// <summary>Runs <paramref name="body"/> with the given thread count, restoring the previous setting.</summary>
    public static T WithThreads<T>(int threads, Func<T> body)
    {
        using var scope = EngineSettings.UseThreads(threads);
        return body();
    }
}
