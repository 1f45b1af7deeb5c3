namespace Harmonia.Training.Optimizers;

/// <summary>Range checks for optimizer settings, so a bad value fails at construction with its name.</summary>
internal static class HyperParameters
{
    /// <summary>A moment decay rate must lie in [0, 1).</summary>
    public static double RequireBeta(double beta, string name)
    {
        if (!(beta >= 0 && beta < 1)) throw new ArgumentOutOfRangeException(name, beta, $"{name} must be in [0, 1).");
        return beta;
    }

    /// <summary>Epsilon must be non-negative and finite.</summary>
    public static double RequireEpsilon(double epsilon, string name)
    {
        if (!(epsilon >= 0) || double.IsInfinity(epsilon)) throw new ArgumentOutOfRangeException(name, epsilon, $"{name} must be non-negative and finite.");
        return epsilon;
    }
}
