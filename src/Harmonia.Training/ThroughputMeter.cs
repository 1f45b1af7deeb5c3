namespace Harmonia.Training;

/// <summary>
/// Recent seconds per step as an exponential moving average, for images/s and the remaining
/// time. The first measured step (which includes JIT warm-up) is replaced quickly.
/// </summary>
internal sealed class ThroughputMeter(int batchSize)
{
    private const double Smoothing = 0.1;
    private double secondsPerStep = double.NaN;
    private int samples;

    /// <summary>Adds the duration of one step.</summary>
    public void Add(TimeSpan duration)
    {
        double seconds = duration.TotalSeconds;
        samples++;
        // Average plainly over the first few steps, then smooth.
        double weight = Math.Max(Smoothing, 1.0 / samples);
        secondsPerStep = double.IsNaN(secondsPerStep) ? seconds : secondsPerStep + weight * (seconds - secondsPerStep);
    }

    /// <summary>Images per second at the recent pace (0 before any step).</summary>
    public double ImagesPerSecond => samples == 0 || secondsPerStep <= 0 ? 0 : batchSize / secondsPerStep;

    /// <summary>The time <paramref name="steps"/> more steps take at the recent pace.</summary>
    public TimeSpan TimeFor(int steps) => samples == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(secondsPerStep * steps);
}
