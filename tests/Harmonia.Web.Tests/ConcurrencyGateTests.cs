namespace Harmonia.Web.Tests;

public sealed class ConcurrencyGateTests
{
    [Fact]
    public async Task Enters_while_slots_are_free_then_refuses_when_the_queue_is_full()
    {
        var gate = new ConcurrencyGate(maxConcurrent: 2, maxQueued: 0, queueTimeout: TimeSpan.FromSeconds(10));

        Assert.Equal(GateOutcome.Entered, await gate.EnterAsync(CancellationToken.None));
        Assert.Equal(GateOutcome.Entered, await gate.EnterAsync(CancellationToken.None));
        Assert.Equal(GateOutcome.QueueFull, await gate.EnterAsync(CancellationToken.None));
        gate.Release();
        Assert.Equal(GateOutcome.Entered, await gate.EnterAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_queued_request_enters_when_a_slot_is_released()
    {
        var gate = new ConcurrencyGate(maxConcurrent: 1, maxQueued: 1, queueTimeout: TimeSpan.FromSeconds(10));
        await gate.EnterAsync(CancellationToken.None);

        var queued = gate.EnterAsync(CancellationToken.None);
        Assert.False(queued.IsCompleted);
        Assert.Equal(1, gate.Waiting);
        Assert.Equal(GateOutcome.QueueFull, await gate.EnterAsync(CancellationToken.None));
        gate.Release();

        Assert.Equal(GateOutcome.Entered, await queued);
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public async Task A_queued_request_times_out()
    {
        var gate = new ConcurrencyGate(maxConcurrent: 1, maxQueued: 1, queueTimeout: TimeSpan.FromMilliseconds(50));
        await gate.EnterAsync(CancellationToken.None);

        Assert.Equal(GateOutcome.QueueTimedOut, await gate.EnterAsync(CancellationToken.None));
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_queue()
    {
        var gate = new ConcurrencyGate(maxConcurrent: 1, maxQueued: 1, queueTimeout: TimeSpan.FromSeconds(10));
        await gate.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var queued = gate.EnterAsync(cancel.Token);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Equal(0, gate.Waiting);
        // The place in the queue is free again.
        var next = gate.EnterAsync(CancellationToken.None);
        gate.Release();
        Assert.Equal(GateOutcome.Entered, await next);
    }
}
