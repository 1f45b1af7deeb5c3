using System.Net;

namespace Harmonia.Web.Tests;

/// <summary>
/// The bounded harmonization slots, queue and deadline, on the real server with a model that
/// blocks until the test releases it.
/// </summary>
/// <remarks>
/// Runs alone (<see cref="ConcurrencyCollection"/>): its model parks a thread-pool thread on purpose,
/// and on a two-core machine the test classes running beside it (real harmonizations and their
/// worker threads) twice held back the refusals the burst test counts past its deadlines (20 s, then
/// the blocking model's own 30 s bound), though alone the test takes a second or two.
/// </remarks>
[Collection(nameof(ConcurrencyCollection))]
public sealed class ConcurrencyTests
{
    private static readonly byte[] Composite = TestImages.CompositePng(16, 16);
    private static readonly byte[] Mask = TestImages.MaskPng(16, 16);

    [Fact]
    public async Task A_burst_beyond_one_slot_and_one_queue_place_gets_503_with_retry_after()
    {
        var model = new BlockingModelSource();
        // The queue's deadline is far beyond the test: on a loaded machine the four refusals have taken
        // 20 s to arrive, and the queued request must still be waiting then, not refused for its wait.
        var options = new ServerOptions { MaxConcurrentHarmonizations = 1, MaxQueuedRequests = 1, QueueTimeout = TimeSpan.FromMinutes(5), RetryAfter = TimeSpan.FromSeconds(7) };
        await using var server = await LoopbackServer.StartAsync(options, model);
        try
        {
            var requests = Enumerable.Range(0, 6).Select(_ => server.HarmonizeAsync(Composite, Mask, size: "native")).ToList();

            // One request runs (blocked), one waits in the queue: the other four are refused at once.
            await model.WaitUntilStartedAsync();
            while (requests.Count(r => r.IsCompleted) < 4) await Task.WhenAny(requests.Where(r => !r.IsCompleted));
            Assert.Equal(4, requests.Count(r => r.IsCompleted));
            model.Release();
            var responses = await Task.WhenAll(requests);

            Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
            Assert.Equal(4, refused.Count);
            foreach (var response in refused)
            {
                await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.ServiceUnavailable, "busy");
                Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
            }
            Assert.Equal(1, model.MaxRunning);
        }
        finally
        {
            model.Release();
        }
    }

    [Fact]
    public async Task Two_slots_run_two_harmonizations_at_once()
    {
        var model = new BlockingModelSource();
        var options = new ServerOptions { MaxConcurrentHarmonizations = 2, MaxQueuedRequests = 0 };
        await using var server = await LoopbackServer.StartAsync(options, model);
        try
        {
            var first = server.HarmonizeAsync(Composite, Mask, size: "native");
            var second = server.HarmonizeAsync(Composite, Mask, size: "native");
            await model.WaitUntilStartedAsync();
            await model.WaitUntilStartedAsync();
            model.Release();

            Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await second).StatusCode);
            Assert.Equal(2, model.MaxRunning);
        }
        finally
        {
            model.Release();
        }
    }

    [Fact]
    public async Task A_request_that_waits_in_the_queue_too_long_gets_503()
    {
        var model = new BlockingModelSource();
        var options = new ServerOptions { MaxConcurrentHarmonizations = 1, MaxQueuedRequests = 1, QueueTimeout = TimeSpan.FromMilliseconds(200) };
        await using var server = await LoopbackServer.StartAsync(options, model);
        try
        {
            var running = server.HarmonizeAsync(Composite, Mask, size: "native");
            await model.WaitUntilStartedAsync();
            using var queued = await server.HarmonizeAsync(Composite, Mask, size: "native");

            string detail = await ApiErrorAssert.IsErrorAsync(queued, HttpStatusCode.ServiceUnavailable, "busy");
            Assert.Contains("0.2 s", detail);
            Assert.NotNull(queued.Headers.RetryAfter);
            model.Release();
            Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
        }
        finally
        {
            model.Release();
        }
    }

    [Fact]
    public async Task A_request_past_its_deadline_gets_503_and_its_slot_stays_taken_until_the_model_stops()
    {
        var model = new BlockingModelSource();
        var options = new ServerOptions { MaxConcurrentHarmonizations = 1, MaxQueuedRequests = 0, RequestTimeout = TimeSpan.FromMilliseconds(300) };
        await using var server = await LoopbackServer.StartAsync(options, model);
        try
        {
            using var timedOut = await server.HarmonizeAsync(Composite, Mask, size: "native");
            string detail = await ApiErrorAssert.IsErrorAsync(timedOut, HttpStatusCode.ServiceUnavailable, "timeout");
            Assert.Contains("0.3 s", detail);
            Assert.NotNull(timedOut.Headers.RetryAfter);

            // The abandoned run is still inside the model, so the only slot is still taken.
            using var meanwhile = await server.HarmonizeAsync(Composite, Mask, size: "native");
            await ApiErrorAssert.IsErrorAsync(meanwhile, HttpStatusCode.ServiceUnavailable, "busy");

            model.Release();
            Assert.Equal(HttpStatusCode.OK, await RetryWhileBusyAsync(server));
        }
        finally
        {
            model.Release();
        }
    }

    [Fact]
    public async Task Uploads_beyond_their_slots_wait_unread_and_a_full_upload_queue_gets_503()
    {
        // One request may hold its upload in memory, one may wait before its body is read; the
        // harmonization queue (8) would take them all, so only the upload limit refuses here.
        var model = new BlockingModelSource();
        var options = new ServerOptions { MaxConcurrentUploads = 1, MaxQueuedUploads = 1, MaxConcurrentHarmonizations = 1, MaxQueuedRequests = 8, RetryAfter = TimeSpan.FromSeconds(3) };
        await using var server = await LoopbackServer.StartAsync(options, model);
        try
        {
            var first = server.HarmonizeAsync(Composite, Mask, size: "native");
            await model.WaitUntilStartedAsync();
            // Of the next two, whichever reaches the server second finds the upload queue full.
            var second = server.HarmonizeAsync(Composite, Mask, size: "native");
            var third = server.HarmonizeAsync(Composite, Mask, size: "native");
            var answeredFirst = await Task.WhenAny(second, third);
            var queued = answeredFirst == second ? third : second;
            using var refused = await answeredFirst;

            string detail = await ApiErrorAssert.IsErrorAsync(refused, HttpStatusCode.ServiceUnavailable, "busy");
            Assert.Contains("upload", detail);
            Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
            Assert.False(queued.IsCompleted);

            model.Release();
            Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await queued).StatusCode);
            Assert.Equal(1, model.MaxRunning);
        }
        finally
        {
            model.Release();
        }
    }

    [Fact]
    public async Task Eight_clients_at_once_get_results_or_busy_with_retry_after_and_nothing_else()
    {
        // A bounded load on loopback (tools/web-load measures its memory on a real server process):
        // eight clients, five requests each, through two upload slots and one harmonization slot.
        var options = new ServerOptions { MaxConcurrentUploads = 2, MaxQueuedUploads = 3, MaxConcurrentHarmonizations = 1, MaxQueuedRequests = 1 };
        await using var server = await LoopbackServer.StartAsync(options);
        byte[] composite = TestImages.CompositePng(96, 64), mask = TestImages.MaskPng(96, 64);

        var clients = Enumerable.Range(0, 8).Select(async _ =>
        {
            var statuses = new List<HttpStatusCode>();
            for (int i = 0; i < 5; i++)
            {
                using var response = await server.HarmonizeAsync(composite, mask, model: "reinhard", size: "64");
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.ServiceUnavailable, "busy");
                    Assert.NotNull(response.Headers.RetryAfter);
                }
                else
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
                }
            }
            return statuses;
        });
        var all = (await Task.WhenAll(clients)).SelectMany(s => s).ToList();

        Assert.Equal(40, all.Count);
        Assert.Contains(HttpStatusCode.OK, all);
        using var health = await server.Client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    /// <summary>Asks again while the server answers 503 busy (the released run needs a moment to give its slot back).</summary>
    private static async Task<HttpStatusCode> RetryWhileBusyAsync(LoopbackServer server)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var response = await server.HarmonizeAsync(Composite, Mask, size: "native");
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 100) return response.StatusCode;
            await Task.Delay(50);
        }
    }
}

/// <summary>The concurrency tests' collection, kept from running beside any other test class.</summary>
[CollectionDefinition(nameof(ConcurrencyCollection), DisableParallelization = true)]
public sealed class ConcurrencyCollection;
