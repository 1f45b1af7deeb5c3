using System.Diagnostics;
using Harmonia.Data;
using Harmonia.Models;
using Harmonia.NN;
using Harmonia.NN.Serialization;
using Harmonia.Tensors;
using Harmonia.Tensors.Random;
using Harmonia.Training.Recipes;

namespace Harmonia.Training.Benchmarks;

/// <summary>
/// What to time: a preset at a size and batch, forward-only or one training step. With
/// <paramref name="Spec"/> the network is that architecture instead (a config file's, or a weights
/// file's) and <paramref name="Model"/> only names it; with <paramref name="Weights"/> it runs on those
/// weights rather than random ones.
/// </summary>
public sealed record BenchmarkRequest(string Model, int Size, int Batch, int Repetitions, int Threads, bool Train,
    ModelSpec? Spec = null, StateDict? Weights = null);

/// <summary>
/// Seconds per repetition after warm-up, the process's peak memory, the matrix FLOPs of one
/// pass (see <see cref="FlopCounter"/>; backward passes count in training) with the rate achieved,
/// and the memory a timed pass took afresh rather than reusing: buffers the
/// <see cref="BufferPool"/> had to allocate, and all managed allocations. Fresh memory costs page
/// faults and zeroing, so after warm-up a pass should need next to none.
/// </summary>
public sealed record BenchmarkResult(BenchmarkRequest Request, long Parameters, double MedianSeconds, double MinSeconds, double MaxSeconds,
    long? PeakResidentBytes, double FlopsPerImage, double GigaflopsPerSecond, double FreshPoolBytesPerPass, double AllocatedBytesPerPass);

/// <summary>
/// Times a preset network the way the PyTorch yardstick does: random weights and inputs,
/// one warm-up pass, then <see cref="BenchmarkRequest.Repetitions"/> timed passes.
/// </summary>
public static class ModelBenchmark
{
    /// <summary>
    /// Runs the benchmark. A training benchmark times the <see cref="TrainingStep"/> of the preset's
    /// own recipe (its loss, backward, its optimizer's update) at the requested batch and size.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown preset, a baseline, or a size or batch that cannot run.</exception>
    public static BenchmarkResult Run(BenchmarkRequest request)
    {
        if (request.Size <= 0 || request.Size % 8 != 0) throw new ArgumentException($"benchmark size {request.Size} must be a positive multiple of 8");
        if (request.Batch < 1 || request.Repetitions < 1) throw new ArgumentException("batch and repetitions must be at least 1");
        var spec = request.Spec ?? ModelCatalog.Find(request.Model).Spec
            ?? throw new ArgumentException($"{request.Model} is a baseline; benchmarks time networks");
        var overrides = new RecipeOverrides(BatchSize: request.Batch, ImageSize: request.Size);
        var recipe = !request.Train ? null
            : request.Spec is null ? RecipeDefaults.ForPreset(request.Model, overrides) : RecipeDefaults.ForSpec(spec, overrides, request.Model);
        using (EngineSettings.UseThreads(request.Threads))
        {
            var network = spec.Build();
            if (request.Weights is { } weights) network.LoadStateDict(weights, request.Model);
            var rng = new RandomGenerator(1);
            var composite = Tensor.Zeros(request.Batch, 3, request.Size, request.Size);
            Init.Uniform(composite, rng);
            var real = Tensor.Zeros(request.Batch, 3, request.Size, request.Size);
            Init.Uniform(real, rng);
            // Like the yardstick: a random mask with about 30% foreground.
            var mask = Tensor.Zeros(request.Batch, 1, request.Size, request.Size);
            for (int i = 0; i < mask.Numel; i++) mask.Data[i] = rng.NextDouble() > 0.7 ? 1f : 0f;

            Action pass;
            if (recipe is not null)
            {
                var step = new TrainingStep(recipe, network);
                var batch = new HarmonizationBatch(composite, real, mask, []);
                pass = () => step.Run(batch);
            }
            else
            {
                network.Eval();
                var harmonizationNetwork = (IHarmonizationNetwork)network;
                pass = () =>
                {
                    using var scope = TensorScope.Begin();
                    using var _ = Autograd.NoGrad();
                    harmonizationNetwork.Forward(composite, mask);
                };
            }

            long flopsBefore = FlopCounter.Total;
            pass();
            long flopsPerPass = FlopCounter.Total - flopsBefore;
            var seconds = new double[request.Repetitions];
            long freshFloatsBefore = BufferPool.FreshlyAllocatedFloats, allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            for (int r = 0; r < seconds.Length; r++)
            {
                var watch = Stopwatch.StartNew();
                pass();
                seconds[r] = watch.Elapsed.TotalSeconds;
            }
            double freshPoolBytes = 4.0 * (BufferPool.FreshlyAllocatedFloats - freshFloatsBefore) / seconds.Length;
            double allocatedBytes = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)seconds.Length;
            Array.Sort(seconds);
            double median = seconds.Length % 2 == 1 ? seconds[seconds.Length / 2] : 0.5 * (seconds[seconds.Length / 2 - 1] + seconds[seconds.Length / 2]);
            return new BenchmarkResult(request, network.ParameterCount(), median, seconds[0], seconds[^1], ProcessMemory.PeakResidentBytes(),
                flopsPerPass / (double)request.Batch, flopsPerPass / median / 1e9, freshPoolBytes, allocatedBytes);
        }
    }
}
