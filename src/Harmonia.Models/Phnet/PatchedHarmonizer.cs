using Harmonia.NN;
using Harmonia.NN.Layers;
using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Models.Phnet;

/// <summary>
/// The statistical colour transfer at the heart of PHNet's patch feature extractor: each
/// g×g patch of the foreground image is moved to the background's statistics both globally
/// and patch by patch, and two learned weights mix the two results.
/// </summary>
public sealed class PatchedHarmonizer : Module
{
    private const float Eps = 1e-8f;
    private readonly int gridCount;
    private readonly Tensor gridWeights;

    /// <summary>Creates the transfer on a g×g grid with mixing weights starting at [0.9, 0.1].</summary>
    public PatchedHarmonizer(int gridCount)
    {
        this.gridCount = gridCount;
        gridWeights = RegisterParameter("grid_weights", Tensor.FromArray([0.9f, 0.1f], 2));
    }

    /// <summary>
    /// Transfers <paramref name="foreground"/> (the image times the mask) toward
    /// <paramref name="background"/> (the image times 1 − mask) and blends the result over the
    /// background. Statistics are over whole patches, zeros included, with PyTorch's unbiased
    /// variance, as in the authors' code.
    /// </summary>
    /// <remarks>
    /// The authors' block keeps the first of the two values their harmonizer returns, which is
    /// this blend, and their blend divides the background by 255 (a leftover of 8-bit inputs).
    /// Checkpoints are trained with exactly that, so it is reproduced here.
    /// </remarks>
    public Tensor Forward(Tensor foreground, Tensor background, Tensor mask)
    {
        var transferred = Transfer(foreground, background);
        return transferred * mask + background * (1f / 255f) * (1f - mask);
    }

    /// <summary>The patch-wise and global statistics transfer of the foreground alone.</summary>
    public Tensor Transfer(Tensor foreground, Tensor background)
    {
        var (fgGlobalMean, fgGlobalStd) = MeanStd(foreground);
        var (bgGlobalMean, bgGlobalStd) = MeanStd(background);
        var grid = new PatchGrid(gridCount, foreground.Shape[2], foreground.Shape[3]);
        var local = Narrow(gridWeights, 0, 0, 1);
        var global = Narrow(gridWeights, 0, 1, 1);
        var patches = new Tensor[gridCount, gridCount];
        for (int i = 0; i < gridCount; i++)
            for (int j = 0; j < gridCount; j++)
            {
                var value = grid.Patch(foreground, i, j);
                var (fgMean, fgStd) = MeanStd(value);
                var (bgMean, bgStd) = MeanStd(grid.Patch(background, i, j));
                var globallyMoved = (value - fgGlobalMean) * (bgGlobalStd / (fgGlobalStd + Eps)) + bgGlobalMean;
                var locallyMoved = (value - fgMean) * (bgStd / (fgStd + Eps)) + bgMean;
                patches[i, j] = local * locallyMoved + global * globallyMoved;
            }
        return PatchGrid.Assemble(patches);
    }

    private static (Tensor Mean, Tensor Std) MeanStd(Tensor x)
        => (Mean(x, [2, 3], keepDim: true), Sqrt(Var(x, [2, 3], unbiased: true, keepDim: true)));
}

/// <summary>
/// PHNet's patch feature extractor (PFE): the colour-transferred foreground, concatenated with
/// the original foreground, through a 3×3 convolution and ReLU.
/// </summary>
public sealed class PatchHarmonizerBlock : Module
{
    /// <summary>Creates the block for <paramref name="channels"/> image channels.</summary>
    public PatchHarmonizerBlock(int channels, int gridCount)
    {
        Harmonizer = RegisterModule("patch_harmonizer", new PatchedHarmonizer(gridCount));
        Head = RegisterModule("head", new Sequential(new Conv2d(channels * 2, channels, 3, padding: 1), new Identity(), new ReLU()));
    }

    /// <summary>The colour transfer.</summary>
    public PatchedHarmonizer Harmonizer { get; }
    /// <summary>Conv 3×3 + ReLU on [foreground, transferred].</summary>
    public Sequential Head { get; }

    /// <summary>Features of the foreground after transfer toward the background.</summary>
    public Tensor Forward(Tensor foreground, Tensor background, Tensor mask)
        => TensorScope.Temporaries(() => Head.Forward(Cat([foreground, Harmonizer.Forward(foreground, background, mask)], 1)));
}
