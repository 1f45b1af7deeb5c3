using Harmonia.Evaluation.Metrics;
using Harmonia.Evaluation.Reports;
using Harmonia.Imaging.TensorConversion;
using Harmonia.Imaging;
using Harmonia.Models;
using Harmonia.Tensors;

namespace Harmonia.Evaluation.Runs;

/// <summary>
/// Harmonizes one prepared sample and scores the 8-bit result against its real image, both at the
/// working size, as the papers do: the harmonizer's blended [0, 1] output is rounded to bytes first,
/// so the metrics see exactly the image a user would save.
/// </summary>
internal sealed class SampleScoring(IHarmonizer harmonizer, MetricOptions metrics)
{
    /// <summary>The harmonized image and its record.</summary>
    public (ImageRecord Record, Image Harmonized) Score(EvaluationSample sample, PreparedSample prepared)
    {
        Image harmonized = Harmonize(prepared);
        var mask = ForegroundMask.FromWeights(prepared.Mask.Width, prepared.Mask.Height, prepared.Mask.Values);
        ImageScores scores = HarmonizationMetrics.Evaluate(harmonized, prepared.Real, mask, metrics);
        var labShift = harmonized.Channels == 3 ? ForegroundLabShift.Measure(harmonized, prepared.Real, mask) : null;
        return (ImageRecord.From(sample.Subset, sample.Name, scores, labShift), harmonized);
    }

    private Image Harmonize(PreparedSample prepared)
    {
        // The gradient switch is per thread, and each worker thread needs it off.
        using var _ = Autograd.NoGrad();
        Tensor composite = ImageTensorConversion.ToTensor(prepared.Composite, PixelRange.ZeroToOne);
        Tensor mask = prepared.Mask.ToTensor();
        Tensor output = harmonizer.Harmonize(composite, mask);
        if (!output.Shape.SequenceEqual(composite.Shape))
            throw new InvalidOperationException(
                $"{harmonizer.Name} returned a tensor of shape {ShapeMath.Format(output.Shape)} for an input of shape {ShapeMath.Format(composite.Shape)}.");
        return ImageTensorConversion.FromTensor(output, PixelRange.ZeroToOne);
    }
}
