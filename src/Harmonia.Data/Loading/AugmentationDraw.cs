using Harmonia.Tensors.Random;

namespace Harmonia.Data.Loading;

/// <summary>
/// The random choices of one sample's augmentation: a crop window in native pixels and whether
/// to flip. Drawn from a generator seeded for that sample alone, always consuming the same
/// numbers, so the result does not depend on which worker decodes the sample or when.
/// </summary>
internal readonly record struct AugmentationDraw(int CropX, int CropY, int CropWidth, int CropHeight, bool Flip)
{
    public static AugmentationDraw Draw(AugmentationOptions options, ulong sampleSeed, int width, int height)
    {
        var random = new RandomGenerator(sampleSeed);
        double scale = random.NextUniform(options.MinCropScale, 1.0);
        int cropWidth = Math.Clamp((int)Math.Round(width * scale), 1, width);
        int cropHeight = Math.Clamp((int)Math.Round(height * scale), 1, height);
        int x = random.NextInt(width - cropWidth + 1);
        int y = random.NextInt(height - cropHeight + 1);
        bool flip = random.NextDouble() < options.HorizontalFlipProbability;
        return new AugmentationDraw(x, y, cropWidth, cropHeight, flip);
    }

    public bool Crops(int width, int height) => CropWidth != width || CropHeight != height;
}
