namespace Harmonia.Models;

/// <summary>How a fresh network's weights are drawn before training.</summary>
public enum WeightInitialization
{
    /// <summary>HDNet's authors' init: conv/linear weights from N(0, 0.02²), biases 0, batch-norm scales from N(1, 0.02²).</summary>
    HdnetNormal,
    /// <summary>PyTorch's layer defaults (kaiming-uniform with a = √5, biases uniform in ±1/√fan_in), as PHNet's authors train.</summary>
    PyTorchDefault,
}

/// <summary>The training objective, including which value range and which output it compares.</summary>
public enum TrainingLossKind
{
    /// <summary>
    /// HDNet's: foreground-normalized MSE (min area 100) of the <b>blended</b> output
    /// M·prediction + (1 − M)·composite against the real image, everything in [−1, 1].
    /// </summary>
    HdnetBlendedMaskWeightedMse,
    /// <summary>PHNet's: 0.2·100/PSNR + 0.01·FN-MSE + 0.01·gradient-L1 of the raw output, in [0, 1].</summary>
    Phnet,
}

/// <summary>The optimizer family.</summary>
public enum OptimizerKind
{
    /// <summary>torch.optim.Adam (L2 weight decay).</summary>
    Adam,
    /// <summary>Lion as lion-pytorch implements it.</summary>
    Lion,
    /// <summary>torch.optim.AdamW (decoupled weight decay).</summary>
    AdamW,
}

/// <summary>The learning-rate policy, scaled to the run's budget.</summary>
public enum ScheduleKind
{
    /// <summary>HDNet's target_decay: ×0.1 at 100/120 of the run, ×0.01 at 110/120.</summary>
    HdnetMultiStep,
    /// <summary>PHNet's staged recipe (100 + 10 + 50 parts at 1e-4, 1e-5, 1e-7 with per-stage freezing), compressed to the run.</summary>
    PhnetStaged,
    /// <summary>The base rate throughout.</summary>
    Constant,
    /// <summary>Cosine annealing (torch's CosineAnnealingLR) from the base rate towards 0 over the run.</summary>
    Cosine,
}
