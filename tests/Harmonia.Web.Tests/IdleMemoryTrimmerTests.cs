namespace Harmonia.Web.Tests;

public sealed class IdleMemoryTrimmerTests
{
    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        return condition();
    }

    [Fact]
    public async Task Trims_once_the_last_activity_ends_and_not_before()
    {
        var trimmer = new IdleMemoryTrimmer(TimeSpan.FromMilliseconds(50));
        var request = trimmer.Enter();
        var job = trimmer.Enter();

        request.Dispose();
        request.Dispose(); // ending twice counts once
        await Task.Delay(300);
        Assert.Equal(0, trimmer.Trims);

        job.Dispose();
        Assert.True(await EventuallyAsync(() => trimmer.Trims == 1), "the trimmer did not run when the server fell idle");
    }

    [Fact]
    public async Task Work_that_starts_within_the_idle_delay_cancels_the_trim()
    {
        var trimmer = new IdleMemoryTrimmer(TimeSpan.FromMilliseconds(300));

        trimmer.Enter().Dispose();
        var next = trimmer.Enter(); // a client's next request, soon after
        await Task.Delay(600);
        Assert.Equal(0, trimmer.Trims);

        next.Dispose();
        Assert.True(await EventuallyAsync(() => trimmer.Trims == 1), "the trimmer did not run when the server fell idle");
    }
}
