namespace Harmonia.Training;

/// <summary>
/// A training run cannot start or go on, for a reason the user can act on: the run directory
/// already holds a run, there is nothing to resume, the request differs from the run being
/// resumed, the data do not fit the recipe, or the loss diverged. The message says which.
/// </summary>
public sealed class TrainingRunException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public TrainingRunException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public TrainingRunException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
