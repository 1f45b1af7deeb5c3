namespace Harmonia.Web.Tests;

public sealed class MemoryReclaimerTests
{
    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        return condition();
    }

    [Fact]
    public async Task Trims_once_the_last_activity_ends_and_not_before()
    {
        var reclaimer = new MemoryReclaimer(TimeSpan.FromMilliseconds(50));
        var request = reclaimer.Enter();
        var job = reclaimer.Enter();

        request.Dispose();
        request.Dispose(); // ending twice counts once
        await Task.Delay(300);
        Assert.Equal(0, reclaimer.Trims);

        job.Dispose();
        Assert.True(await EventuallyAsync(() => reclaimer.Trims == 1), "the reclaimer did not run when the server fell idle");
    }

    [Fact]
    public async Task Work_that_starts_within_the_idle_delay_cancels_the_trim()
    {
        var reclaimer = new MemoryReclaimer(TimeSpan.FromMilliseconds(300));

        reclaimer.Enter().Dispose();
        var next = reclaimer.Enter(); // a client's next request, soon after
        await Task.Delay(600);
        Assert.Equal(0, reclaimer.Trims);

        next.Dispose();
        Assert.True(await EventuallyAsync(() => reclaimer.Trims == 1), "the reclaimer did not run when the server fell idle");
    }
}
