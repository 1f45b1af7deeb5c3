using Harmonia.Data.Loading;

namespace Harmonia.Data.Tests.Loading;

public class OrderedPrefetcherTests
{
    [Fact]
    public void Items_come_out_in_index_order_whatever_the_worker_timing()
    {
        // Producers sleep for scrambled times so later items often finish first.
        using var prefetcher = new OrderedPrefetcher<int>(40, i => { Thread.Sleep(i * 7 % 5); return i * i; }, workerCount: 4, capacity: 6);
        var taken = Enumerable.Range(0, 40).Select(_ => prefetcher.TakeNext()).ToList();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i * i), taken);
        Assert.Throws<InvalidOperationException>(() => prefetcher.TakeNext());
    }

    [Fact]
    public void Never_runs_more_than_capacity_items_ahead_of_the_consumer()
    {
        int taken = 0, maxAhead = 0;
        object sync = new();
        using var prefetcher = new OrderedPrefetcher<int>(30, i =>
        {
            lock (sync) maxAhead = Math.Max(maxAhead, i - Volatile.Read(ref taken) + 1); // items started beyond those asked for
            return i;
        }, workerCount: 3, capacity: 4);
        for (int i = 0; i < 30; i++)
        {
            Thread.Sleep(1); // a slow consumer lets the workers run as far ahead as they may
            // Counted before the call: TakeNext frees the slot before it returns.
            Interlocked.Increment(ref taken);
            prefetcher.TakeNext();
        }
        Assert.InRange(maxAhead, 1, 4);
    }

    [Fact]
    public void A_failure_is_rethrown_at_its_position_with_the_earlier_items_delivered_first()
    {
        using var prefetcher = new OrderedPrefetcher<int>(10, i => i == 5 ? throw new InvalidDataException("item 5") : i, workerCount: 3, capacity: 3);
        for (int i = 0; i < 5; i++) Assert.Equal(i, prefetcher.TakeNext());
        var error = Assert.Throws<InvalidDataException>(() => prefetcher.TakeNext());
        Assert.Equal("item 5", error.Message);
    }

    [Fact]
    public void Dispose_joins_every_worker_even_when_the_consumer_stopped_early()
    {
        int live = 0;
        var prefetcher = new OrderedPrefetcher<int>(1000, i => { Thread.Sleep(1); return i; }, workerCount: 4, capacity: 8,
            delta => Interlocked.Add(ref live, delta));
        prefetcher.TakeNext();
        Assert.Equal(4, prefetcher.LiveWorkers);
        prefetcher.Dispose();
        Assert.Equal(0, prefetcher.LiveWorkers);
        Assert.Equal(0, Volatile.Read(ref live));
        Assert.Throws<ObjectDisposedException>(() => prefetcher.TakeNext());
    }

    [Fact]
    public void Cancelling_a_waiting_consumer_throws_promptly()
    {
        using var release = new ManualResetEventSlim();
        using var prefetcher = new OrderedPrefetcher<int>(2, i => { release.Wait(); return i; }, workerCount: 1, capacity: 1);
        using var cancellation = new CancellationTokenSource(millisecondsDelay: 50);
        Assert.ThrowsAny<OperationCanceledException>(() => prefetcher.TakeNext(cancellation.Token));
        release.Set();
    }

    [Fact]
    public void No_items_start_no_threads()
    {
        using var prefetcher = new OrderedPrefetcher<int>(0, i => i, workerCount: 4, capacity: 4);
        Assert.Equal(0, prefetcher.LiveWorkers);
        Assert.Throws<InvalidOperationException>(() => prefetcher.TakeNext());
    }
}
