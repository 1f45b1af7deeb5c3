using Harmonia.Data;
using Harmonia.Models;
using Harmonia.Tensors;
using Harmonia.Training.Losses;
using Harmonia.Training.Objectives;

namespace Harmonia.Training.Tests.Training;

/// <summary>Each objective feeds its network its own value range and scores the output the authors' way.</summary>
public class ObjectiveTests
{
    /// <summary>A "network" that returns a fixed prediction and remembers what it was given.</summary>
    private sealed class FixedOutputNetwork(Tensor prediction) : IHarmonizationNetwork
    {
        public Tensor? Composite { get; private set; }

        public Tensor Forward(Tensor composite, Tensor mask)
        {
            Composite = composite;
            return prediction;
        }
    }

    private static readonly HarmonizationBatch Batch = SyntheticBatchSource.Batch(seed: 5, index: 0, batchSize: 2, size: 16);

    private static Tensor RandomPrediction(float low, float high, ulong seed)
    {
        var rng = new Harmonia.Tensors.Random.RandomGenerator(seed);
        var data = new float[Batch.Real.Numel];
        for (int i = 0; i < data.Length; i++) data[i] = (float)rng.NextUniform(low, high);
        return Tensor.FromArray(data, Batch.Real.Shape);
    }

    [Fact]
    public void HdnetSeesTheCompositeInMinusOneToOneAndIsScoredOnItsBlendedOutput()
    {
        var prediction = RandomPrediction(-1, 1, 1);
        var network = new FixedOutputNetwork(prediction);
        double loss = new HdnetObjective().Loss(network, Batch).Item();

        for (int i = 0; i < Batch.Composite.Numel; i++)
            Assert.Equal(Batch.Composite.Data[i] * 2f - 1f, network.Composite!.Data[i]);

        // The authors' loss, by hand in double: blended = M·p + (1 − M)·(2c − 1) against 2r − 1,
        // summed per image, divided by C·max(ΣM, 100), averaged over the batch.
        int n = 2, channels = 3, plane = 16 * 16;
        double expected = 0;
        for (int image = 0; image < n; image++)
        {
            double sum = 0, area = 0;
            for (int pixel = 0; pixel < plane; pixel++)
            {
                double m = Batch.Mask.Data[image * plane + pixel];
                area += m;
                for (int c = 0; c < channels; c++)
                {
                    int i = (image * channels + c) * plane + pixel;
                    double blended = m * prediction.Data[i] + (1 - m) * (2.0 * Batch.Composite.Data[i] - 1);
                    double e = blended - (2.0 * Batch.Real.Data[i] - 1);
                    sum += e * e;
                }
            }
            expected += sum / (channels * Math.Max(area, 100)) / n;
        }
        Assert.Equal(expected, loss, expected * 1e-5);
    }

    [Fact]
    public void HdnetIgnoresThePredictionOutsideTheMask_PhnetDoesNot()
    {
        var prediction = RandomPrediction(0, 1, 2);
        var changedOutside = Tensor.FromArray(prediction.ToArray(), prediction.Shape);
        int plane = 16 * 16;
        for (int i = 0; i < changedOutside.Numel; i++)
        {
            int image = i / (3 * plane), pixel = i % plane;
            if (Batch.Mask.Data[image * plane + pixel] == 0) changedOutside.Data[i] = 0.5f * changedOutside.Data[i];
        }
        var hdnet = new HdnetObjective();
        Assert.Equal(hdnet.Loss(new FixedOutputNetwork(prediction), Batch).Item(), hdnet.Loss(new FixedOutputNetwork(changedOutside), Batch).Item());
        var phnet = new PhnetObjective();
        Assert.NotEqual(phnet.Loss(new FixedOutputNetwork(prediction), Batch).Item(), phnet.Loss(new FixedOutputNetwork(changedOutside), Batch).Item());
    }

    [Fact]
    public void PhnetSeesTheCompositeInZeroToOneAndIsScoredByItsPublishedLossOnTheRawOutput()
    {
        var prediction = RandomPrediction(0, 1, 3);
        var network = new FixedOutputNetwork(prediction);
        float loss = new PhnetObjective().Loss(network, Batch).Item();
        Assert.Same(Batch.Composite, network.Composite);
        Assert.Equal(new PhnetLoss().Compute(prediction, Batch.Real, Batch.Mask).Item(), loss);
    }
}
