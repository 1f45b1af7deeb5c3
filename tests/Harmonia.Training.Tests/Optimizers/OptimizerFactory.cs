using Harmonia.Tensors;
using Harmonia.Training.Optimizers;

namespace Harmonia.Training.Tests.Optimizers;

/// <summary>Builds the optimizer under test by name, so theories can run over all three.</summary>
internal static class OptimizerFactory
{
    public static Optimizer Create(string kind, IEnumerable<(string Name, Tensor Tensor)> parameters, double lr, double wd) => kind switch
    {
        "adam" => new Adam(parameters, lr, wd),
        "adamw" => new AdamW(parameters, lr, wd),
        "lion" => new Lion(parameters, lr, wd),
        _ => throw new ArgumentException(kind),
    };

    public static Optimizer Create(string kind, IReadOnlyList<ParameterGroup> groups) => kind switch
    {
        "adam" => new Adam(groups),
        "adamw" => new AdamW(groups),
        "lion" => new Lion(groups),
        _ => throw new ArgumentException(kind),
    };
}
