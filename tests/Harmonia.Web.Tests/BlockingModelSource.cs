using Harmonia.Models;
using Harmonia.Models.Baselines;
using Harmonia.Tensors;

namespace Harmonia.Web.Tests;

/// <summary>
/// One model, "blocking", that returns the composite only once the test opens its gate: this makes
/// a harmonization as slow as the test needs, deterministically, without sleeping.
/// </summary>
internal sealed class BlockingModelSource : IModelSource, IHarmonizer
{
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim started = new(0);
    private int running;
    private int maxRunning;

    public IReadOnlyList<ModelInfo> Models { get; } = [new("blocking", "test model that waits for a signal", true, null, true)];
    public string DefaultModel => "blocking";
    public IHarmonizer Get(string name) => this;

    public string Name => "blocking";
    public int SizeMultiple => 1;

    /// <summary>The most harmonizations that were inside <see cref="Harmonize"/> at the same moment.</summary>
    public int MaxRunning => Volatile.Read(ref maxRunning);

    public Tensor Harmonize(Tensor composite, Tensor mask)
    {
        int now = Interlocked.Increment(ref running);
        InterlockedMax(ref maxRunning, now);
        started.Release();
        try
        {
            // Bounded, so a broken test cannot hang the run.
            if (!release.Task.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("the test never released the blocking model");
            return new CompositeBaseline().Harmonize(composite, mask);
        }
        finally
        {
            Interlocked.Decrement(ref running);
        }
    }

    /// <summary>Waits until a harmonization has entered the model.</summary>
    public Task WaitUntilStartedAsync() => started.WaitAsync(TimeSpan.FromSeconds(20)).ContinueWith(t =>
    {
        if (!t.Result) throw new TimeoutException("no harmonization started");
    });

    /// <summary>Lets every waiting and future harmonization finish.</summary>
    public void Release() => release.TrySetResult();

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
