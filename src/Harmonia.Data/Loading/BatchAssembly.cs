using Harmonia.Data.Datasets;
using Harmonia.Tensors;

namespace Harmonia.Data.Loading;

/// <summary>Stacks decoded samples of one size into a <see cref="HarmonizationBatch"/>.</summary>
internal static class BatchAssembly
{
    public static HarmonizationBatch Assemble(IReadOnlyList<DecodedSample> samples, int width, int height)
    {
        int count = samples.Count, pixelCount = width * height;
        // Every element is written below, so the GC need not zero the arrays first.
        var composite = GC.AllocateUninitializedArray<float>(count * 3 * pixelCount);
        var real = GC.AllocateUninitializedArray<float>(count * 3 * pixelCount);
        var mask = GC.AllocateUninitializedArray<float>(count * pixelCount);
        var names = new string[count];
        for (int i = 0; i < count; i++)
        {
            var sample = samples[i];
            if (sample.Width != width || sample.Height != height)
                throw new InvalidOperationException($"Sample '{sample.Sample.Name}' is {sample.Width}x{sample.Height}, not the batch's {width}x{height}.");
            if (sample.Real is null)
                throw new DatasetException($"Sample '{sample.Sample.Subset}/{sample.Sample.Name}' has no real photo, so it cannot be part of a batch.");
            sample.Composite.CopyTo(composite, i * 3 * pixelCount);
            sample.Real.CopyTo(real, i * 3 * pixelCount);
            sample.Mask.CopyTo(mask, i * pixelCount);
            names[i] = sample.Sample.Name;
        }
        return new HarmonizationBatch(
            Tensor.FromArray(composite, count, 3, height, width),
            Tensor.FromArray(real, count, 3, height, width),
            Tensor.FromArray(mask, count, 1, height, width),
            names);
    }
}
