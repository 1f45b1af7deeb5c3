namespace Harmonia.Imaging.Quality;

/// <summary>
/// How the foreground MSE weights the per-pixel squared error e² = (prediction − target)² by the
/// mask M. Both divide by C · ΣM (C = channel count, 3 for RGB) and are identical for binary masks;
/// they differ only for soft masks.
/// </summary>
public enum FmseVariant
{
    /// <summary>
    /// Σ M·e² / (C·ΣM): the mask-weighted mean of the squared error. This is what the harmonization
    /// papers report (HDNet, PHNet, and the iHarmony4 evaluation code they follow) and the default.
    /// </summary>
    Standard = 0,

    /// <summary>
    /// Σ (M·e)² / (C·ΣM): the error is masked before squaring, so soft weights count quadratically.
    /// Provided to show, and to reproduce, code bases that mask the difference image first.
    /// </summary>
    SquaredMaskedError = 1,
}
