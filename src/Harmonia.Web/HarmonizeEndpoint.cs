using Microsoft.AspNetCore.Http;

namespace Harmonia.Web;

/// <summary>
/// <c>POST /api/harmonize</c>: waits for an upload slot, reads the form, waits for a harmonization
/// slot, runs the job on a worker thread, and answers the PNG or a JSON error. The whole request
/// shares one deadline; both waits are bounded queues that answer 503 with Retry-After when full.
/// </summary>
/// <param name="options">The limits.</param>
/// <param name="models">The models to serve.</param>
/// <param name="uploads">Bounds the requests whose uploads are in memory, from reading the body to the answer.</param>
/// <param name="harmonizations">Bounds the harmonizations running at once.</param>
/// <param name="reclaimer">Collects after each harmonization and gives memory back when the server falls idle.</param>
internal sealed class HarmonizeEndpoint(ServerOptions options, IModelSource models, ConcurrencyGate uploads, ConcurrencyGate harmonizations, MemoryReclaimer reclaimer)
{
    /// <summary>Handles one request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        using var activity = reclaimer.Enter();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(options.RequestTimeout);
        bool holdsUploadSlot = false;
        try
        {
            // Before the body is read: a request that waits here costs a connection, not its upload.
            switch (await uploads.EnterAsync(deadline.Token))
            {
                case GateOutcome.QueueFull:
                    throw Busy($"the server is busy: {options.MaxConcurrentUploads} upload(s) in progress and {options.MaxQueuedUploads} waiting");
                case GateOutcome.QueueTimedOut:
                    throw Busy($"the server is busy: no upload slot became free within {options.QueueTimeout.TotalSeconds:0.#} s");
            }
            holdsUploadSlot = true;
            var request = await HarmonizeRequestReader.ReadAsync(context.Request, options, models, deadline.Token);
            byte[] png = await RunWithSlotAsync(request, deadline.Token);
            context.Response.ContentType = "image/png";
            context.Response.ContentLength = png.Length;
            context.Response.Headers["X-Harmonia-Model"] = request.Harmonizer.Name;
            context.Response.Headers["X-Harmonia-Size"] = request.WorkingSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "native";
            if (request.Harmonizer is Harmonia.Models.ColorMapHarmonizer colorMap)
            {
                context.Response.Headers["X-Harmonia-Output"] = "color-map";
                context.Response.Headers["X-Harmonia-Min-Change"] = colorMap.MinimumChange.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.Headers["X-Harmonia-Color-Guard"] = colorMap.ColorGuard.ToString();
            }
            else if (request.Harmonizer is Harmonia.Models.NetworkHarmonizer)
            {
                context.Response.Headers["X-Harmonia-Output"] = "dense";
            }
            await context.Response.Body.WriteAsync(png, context.RequestAborted);
        }
        catch (ApiProblemException problem)
        {
            await problem.WriteAsync(context);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; there is no one to answer.
        }
        catch (Exception) when (deadline.IsCancellationRequested)
        {
            // Usually an OperationCanceledException, but a body read cut short by the deadline surfaces as an I/O error.
            await new ApiProblemException(StatusCodes.Status503ServiceUnavailable, "timeout",
                $"the request took longer than the server's limit of {options.RequestTimeout.TotalSeconds:0.#} s; try again later or with a smaller working size",
                options.RetryAfter).WriteAsync(context);
        }
        finally
        {
            if (holdsUploadSlot) uploads.Release();
        }
    }

    private async Task<byte[]> RunWithSlotAsync(HarmonizeRequest request, CancellationToken cancellationToken)
    {
        switch (await harmonizations.EnterAsync(cancellationToken))
        {
            case GateOutcome.QueueFull:
                throw Busy($"the server is busy: {options.MaxConcurrentHarmonizations} harmonization(s) running and {options.MaxQueuedRequests} waiting");
            case GateOutcome.QueueTimedOut:
                throw Busy($"the server is busy: no harmonization slot became free within {options.QueueTimeout.TotalSeconds:0.#} s");
        }

        // The slot is released when the job really ends, not when the request gives up waiting
        // for it: a model run cannot be interrupted, and the limit must count it until it stops.
        var jobActivity = reclaimer.Enter(); // a job abandoned at the deadline still runs, and still uses memory
        var job = Task.Run(() =>
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                return HarmonizationJob.Run(request, options);
            }
            finally
            {
                MemoryReclaimer.AfterHarmonization();
                harmonizations.Release();
                jobActivity.Dispose();
            }
        }, CancellationToken.None);
        // A job abandoned at the deadline may still fail later; observe its exception so it is not reported as unobserved.
        _ = job.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        return await job.WaitAsync(cancellationToken);
    }

    private ApiProblemException Busy(string detail)
        => new(StatusCodes.Status503ServiceUnavailable, "busy", detail, options.RetryAfter);
}
