using System.Diagnostics;
using Harmonia.Data;
using Harmonia.Models;
using Harmonia.NN;
using Harmonia.NN.Serialization;
using Harmonia.Tensors;
using Harmonia.Tensors.Random;
using Harmonia.Training.Checkpoints;
using Harmonia.Training.Logging;
using Harmonia.Training.Optimizers;
using Harmonia.Training.Recipes;
using Harmonia.Training.Schedules;
using Harmonia.Training.Validation;

namespace Harmonia.Training;

/// <summary>
/// Trains a network by a <see cref="TrainingRecipe"/> in a run directory: one optimizer step
/// per batch (forward in training mode, loss, backward, step, clear gradients), with logging,
/// validation, and atomic checkpoints that let <see cref="Resume"/> continue bit-exactly.
/// </summary>
/// <remarks>
/// <para>Step k (0-based) belongs to epoch k / BatchesPerEpoch and uses batch
/// k mod BatchesPerEpoch of that epoch. Because <see cref="IBatchSource"/> orders an epoch by
/// (seed, epoch) alone, a resumed run asks for the same epoch, skips the batches already seen,
/// and restores weights, buffers (BatchNorm statistics), optimizer state, RNG state and the
/// step count, so it computes exactly what an uninterrupted run computes.</para>
/// <para>Each checkpoint replaces its file atomically (a temporary file renamed over it), so
/// killing the process at any moment leaves the previous complete checkpoint in place;
/// the temporary leftovers of an interrupted write are removed at the next start. The trainer
/// holds the run directory's lock until disposed.</para>
/// </remarks>
public sealed class Trainer : IDisposable
{
    private readonly IDisposable directoryLock;
    private readonly IBatchSource training;
    private readonly Validator? validator;
    private readonly TrainerOptions options;
    private readonly TrainingStep step;
    private readonly RandomGenerator rng;
    private readonly TrainingLog log;
    private readonly ThroughputMeter throughput;
    private readonly double elapsedBeforeSession;
    private readonly Stopwatch session = new();
    private int appliedStage = -1;
    private int lastCheckpointStep;
    private bool disposed;

    private Trainer(TrainingRecipe recipe, RunDirectory directory, IDisposable directoryLock, IBatchSource training, ValidationSet? validation,
        TrainerOptions options, Module network, RandomGenerator rng, TrainingPosition? resumedFrom)
    {
        Recipe = recipe;
        Directory = directory;
        this.directoryLock = directoryLock;
        this.training = training;
        this.options = options;
        this.rng = rng;
        Network = network;
        step = new TrainingStep(recipe, network);
        Schedule = RecipeComponents.CreateSchedule(recipe);
        BatchesPerEpoch = training.BatchesPerEpoch;
        TotalSteps = recipe.Budget.TotalSteps(BatchesPerEpoch);
        validator = validation is null ? null : new Validator(validation, recipe.Spec, network);
        throughput = new ThroughputMeter(recipe.BatchSize);
        if (resumedFrom is not null)
        {
            Step = resumedFrom.Step;
            BestPsnr = resumedFrom.BestPsnr;
            BestStep = resumedFrom.BestStep;
            elapsedBeforeSession = resumedFrom.ElapsedSeconds;
            lastCheckpointStep = resumedFrom.Step;
        }
        network.Train();
        log = new TrainingLog(directory.LogPath);
    }

    /// <summary>The recipe being trained.</summary>
    public TrainingRecipe Recipe { get; }

    /// <summary>The run directory.</summary>
    public RunDirectory Directory { get; }

    /// <summary>The network being trained.</summary>
    public Module Network { get; }

    /// <summary>The optimizer.</summary>
    public Optimizer Optimizer => step.Optimizer;

    /// <summary>The learning-rate schedule, scaled to the run.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <summary>Optimizer steps taken so far.</summary>
    public int Step { get; private set; }

    /// <summary>The 0-based epoch of the next step.</summary>
    public int Epoch => Step / BatchesPerEpoch;

    /// <summary>Batches per epoch of the training data.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>Steps the whole run takes.</summary>
    public int TotalSteps { get; }

    /// <summary>Whether every step of the run has been taken.</summary>
    public bool IsComplete => Step >= TotalSteps;

    /// <summary>The best validation PSNR so far, or null before any validation.</summary>
    public double? BestPsnr { get; private set; }

    /// <summary>The step at which <see cref="BestPsnr"/> was reached.</summary>
    public int? BestStep { get; private set; }

    /// <summary>The most recent validation of this session, or null.</summary>
    public ValidationReport? LastValidation { get; private set; }

    /// <summary>Training time of the run over all its sessions.</summary>
    public TimeSpan Elapsed => TimeSpan.FromSeconds(elapsedBeforeSession) + session.Elapsed;

    /// <summary>
    /// Starts a new run in <paramref name="runDirectory"/> (created if needed) with a freshly
    /// initialised network, or one holding <see cref="TrainerOptions.InitialWeights"/>. A
    /// <c>log.jsonl</c> left by a run killed before its first checkpoint is kept and appended to.
    /// </summary>
    /// <param name="recipe">What to train.</param>
    /// <param name="runDirectory">Where the checkpoints and the log go.</param>
    /// <param name="training">The training batches, seeded with <see cref="TrainingRecipe.Seed"/>.</param>
    /// <param name="validation">Held-out batches to score, or null for no validation (and no best.safetensors).</param>
    /// <param name="options">Intervals and monitor; defaults when null.</param>
    /// <exception cref="TrainingRunException">The directory already holds a run's checkpoints, or another trainer is using it.</exception>
    /// <exception cref="InvalidDataException">The initial weights do not fit the recipe's network.</exception>
    public static Trainer StartNew(TrainingRecipe recipe, string runDirectory, IBatchSource training, ValidationSet? validation = null, TrainerOptions? options = null)
    {
        (recipe, options) = CheckArguments(recipe, training, options);
        var directory = new RunDirectory(runDirectory);
        var directoryLock = directory.Lock();
        try
        {
            var existing = directory.ExistingCheckpoints();
            if (existing.Count > 0)
                throw new TrainingRunException(
                    $"{directory.Path} already holds a training run ({string.Join(", ", existing)}); " +
                    "pass --resume to continue it, or choose another --out directory");
            directory.RemoveIncompleteWrites();
            var rng = new RandomGenerator(recipe.Seed);
            var network = RecipeComponents.CreateNetwork(recipe, rng);
            if (options.InitialWeights is { } initial)
                network.LoadStateDict(recipe.Spec.Architecture.StartingWeights(initial.State, recipe.Spec.Config), initial.Source);
            var trainer = new Trainer(recipe, directory, directoryLock, training, validation, options, network, rng, resumedFrom: null);
            trainer.log.Started(resumed: false, 0, trainer.TotalSteps, trainer.BatchesPerEpoch, recipe, options.InitialWeights?.Source);
            return trainer;
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Continues the run in <paramref name="runDirectory"/> from its <c>last.safetensors</c>:
    /// weights, buffers, optimizer state, RNG state, step, epoch and best PSNR are restored, and
    /// training goes on with the batch after the last one the checkpoint had seen.
    /// </summary>
    /// <param name="recipe">The recipe requested; it must equal the run's.</param>
    /// <param name="runDirectory">The run's directory.</param>
    /// <param name="training">The same training data as before (same seed, same batches per epoch).</param>
    /// <param name="validation">Held-out batches to score, or null.</param>
    /// <param name="options">Intervals and monitor; defaults when null.</param>
    /// <exception cref="TrainingRunException">
    /// No checkpoint to resume, an unreadable one, a recipe or data that differ from the run's,
    /// or another trainer using the directory.
    /// </exception>
    public static Trainer Resume(TrainingRecipe recipe, string runDirectory, IBatchSource training, ValidationSet? validation = null, TrainerOptions? options = null)
    {
        (recipe, options) = CheckArguments(recipe, training, options);
        var directory = new RunDirectory(runDirectory);
        if (!System.IO.Directory.Exists(directory.Path))
            throw new TrainingRunException($"nothing to resume: {directory.Path} does not exist");
        var directoryLock = directory.Lock();
        try
        {
            directory.RemoveIncompleteWrites();
            string path = directory.LastCheckpointPath;
            if (!File.Exists(path))
                throw new TrainingRunException(
                    $"nothing to resume in {directory.Path}: it has no {RunDirectory.LastCheckpointName}; start the run without --resume");
            TrainingCheckpointContents checkpoint;
            try
            {
                checkpoint = TrainingCheckpoint.Read(path);
            }
            catch (Exception e) when (e is CheckpointFormatException or InvalidDataException)
            {
                throw new TrainingRunException($"cannot resume from {path}: {e.Message}", e);
            }

            var differences = checkpoint.Recipe.Differences(recipe);
            if (differences.Count > 0)
                throw new TrainingRunException(
                    $"cannot resume {directory.Path}: the request differs from the run's recipe ({string.Join("; ", differences)}); " +
                    "resume with the run's settings, or start a new run in another --out directory");
            var position = checkpoint.Position;
            if (position.BatchesPerEpoch != training.BatchesPerEpoch)
                throw new TrainingRunException(
                    $"cannot resume {directory.Path}: the training data have changed (the run had {position.BatchesPerEpoch} batches per epoch, " +
                    $"the data now give {training.BatchesPerEpoch}); resume with the same --data and --subsets");

            var network = recipe.Spec.Build();
            var rng = new RandomGenerator(recipe.Seed);
            try
            {
                network.LoadStateDict(checkpoint.Model, path);
                rng.SetState(position.RngState);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException)
            {
                throw new TrainingRunException($"cannot resume from {path}: {e.Message}", e);
            }
            var trainer = new Trainer(recipe, directory, directoryLock, training, validation, options, network, rng, position);
            try
            {
                trainer.Optimizer.ImportState(checkpoint.OptimizerState);
                trainer.log.Started(resumed: true, trainer.Step, trainer.TotalSteps, trainer.BatchesPerEpoch, recipe);
                return trainer;
            }
            catch (InvalidDataException e)
            {
                trainer.log.Dispose();
                throw new TrainingRunException($"cannot resume from {path}: {e.Message}", e);
            }
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    private static (TrainingRecipe, TrainerOptions) CheckArguments(TrainingRecipe recipe, IBatchSource training, TrainerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(training);
        recipe.Validate();
        options ??= new TrainerOptions();
        options.Validate();
        if (training.BatchesPerEpoch < 1)
            throw new TrainingRunException($"the training data give no full batch of {recipe.BatchSize} images; use more images or a smaller --batch");
        return (recipe, options);
    }

    /// <summary>
    /// Trains until the run is complete or <paramref name="cancellation"/> is signalled; on
    /// cancellation the current state is saved to <c>last.safetensors</c> before returning.
    /// Calling it again after a cancellation goes on where it stopped.
    /// </summary>
    /// <exception cref="TrainingRunException">The data do not fit the recipe, or the loss became NaN or infinite.</exception>
    public TrainingSummary Run(CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        session.Start();
        try
        {
            double lastLoss = double.NaN;
            bool cancelled = false;
            var window = new LossWindow();
            while (Step < TotalSteps)
            {
                if (cancellation.IsCancellationRequested) { cancelled = true; break; }
                int epoch = Step / BatchesPerEpoch;
                int skip = Step % BatchesPerEpoch;
                int seen = 0;
                foreach (var batch in training.Epoch(epoch, skip))
                {
                    CheckBatch(batch, epoch, skip + seen);
                    long started = Stopwatch.GetTimestamp();
                    double loss = TrainStep(batch, epoch);
                    throughput.Add(Stopwatch.GetElapsedTime(started));
                    Step++;
                    seen++;
                    lastLoss = loss;
                    window.Add(loss);
                    AfterStep(epoch, skip + seen, loss, window);
                    if (Step == TotalSteps || Step % BatchesPerEpoch == 0) break;
                    if (cancellation.IsCancellationRequested) { cancelled = true; break; }
                }
                if (cancelled) break;
                if (Step < TotalSteps && Step / BatchesPerEpoch == epoch)
                    throw new TrainingRunException(
                        $"the training data gave {seen} batches for epoch {epoch} after skipping {skip}, " +
                        $"but report {BatchesPerEpoch} batches per epoch");
            }
            if (cancelled && lastCheckpointStep != Step) SaveLast();
            log.Ended(Step, cancelled, Elapsed.TotalSeconds);
            return new TrainingSummary(Step, TotalSteps, IsComplete, cancelled, lastLoss, BestPsnr, Elapsed);
        }
        finally
        {
            session.Stop();
        }
    }

    /// <summary>One optimizer step on <paramref name="batch"/>; returns the loss before the update.</summary>
    private double TrainStep(HarmonizationBatch batch, int epoch)
    {
        ApplySchedule(epoch);
        double value = step.Run(batch);
        if (!double.IsFinite(value))
            throw new TrainingRunException(
                $"the training loss became {value} at step {Step + 1} (epoch {epoch}); the last checkpoint is from step {lastCheckpointStep}. " +
                "A lower --lr may help");
        return value;
    }

    /// <summary>Sets the learning rates (and, for a staged recipe, the frozen modules) for the step about to be taken.</summary>
    private void ApplySchedule(int epoch)
    {
        if (Schedule is StagedSchedule staged)
        {
            int index = staged.StageIndexAt(epoch, Step);
            if (index == appliedStage) return;
            staged.Stages[index].ApplyTo(Optimizer);
            appliedStage = index;
        }
        else
        {
            Optimizer.SetLearningRate(Schedule.LearningRate(epoch, Step));
        }
    }

    private void AfterStep(int epoch, int batchInEpoch, double loss, LossWindow window)
    {
        double learningRate = CurrentLearningRate();
        if (Step % options.LogEvery == 0 || Step == TotalSteps)
        {
            log.Trained(Step, epoch, learningRate, window.Mean, window.Count, throughput.ImagesPerSecond, Elapsed.TotalSeconds);
            window.Clear();
        }
        bool endOfEpoch = Step % BatchesPerEpoch == 0;
        bool validationDue = options.ValidateEvery > 0 ? Step % options.ValidateEvery == 0 : endOfEpoch;
        if (validator is not null && (validationDue || Step == TotalSteps)) Validate(epoch);
        if (Step % options.CheckpointEvery == 0 || Step == TotalSteps) SaveLast();
        options.Monitor?.OnStep(new TrainingProgress(
            Step, TotalSteps, epoch, (TotalSteps + BatchesPerEpoch - 1) / BatchesPerEpoch, batchInEpoch, BatchesPerEpoch,
            learningRate, loss, throughput.ImagesPerSecond, Elapsed, throughput.TimeFor(TotalSteps - Step),
            (Schedule as StagedSchedule)?.Stages[Math.Max(appliedStage, 0)].Name));
    }

    private double CurrentLearningRate()
        => (Optimizer.Groups.FirstOrDefault(g => !g.Frozen) ?? Optimizer.Groups[0]).LearningRate;

    private void Validate(int epoch)
    {
        var scores = validator!.Run();
        var report = new ValidationReport(Step, epoch, scores.Images, scores.MeanPsnr, scores.MeanFmse, scores.ImagesWithForeground);
        bool improved = BestPsnr is not { } best || report.MeanPsnr > best;
        LastValidation = report;
        log.Validated(report, improved, Elapsed.TotalSeconds);
        if (improved)
        {
            BestPsnr = report.MeanPsnr;
            BestStep = Step;
            WriteCheckpoint(Directory.BestCheckpointPath);
        }
        options.Monitor?.OnValidation(report, improved);
    }

    private void SaveLast()
    {
        WriteCheckpoint(Directory.LastCheckpointPath);
        lastCheckpointStep = Step;
    }

    private void WriteCheckpoint(string path)
    {
        var position = new TrainingPosition(Step, Step / BatchesPerEpoch, BatchesPerEpoch, BestPsnr, BestStep, Recipe.Seed, rng.GetState(), Elapsed.TotalSeconds);
        options.CheckpointWriter(path, TrainingCheckpoint.Compose(Recipe, Network, Optimizer, position, options.TrainedOn));
        log.CheckpointWritten(Path.GetFileName(path), Step);
        options.Monitor?.OnCheckpoint(path, Step);
    }

    /// <summary>Rejects a batch of the wrong size with a message naming both sizes.</summary>
    private void CheckBatch(HarmonizationBatch batch, int epoch, int index)
    {
        int n = Recipe.BatchSize, s = Recipe.ImageSize;
        bool fits = batch is not null
            && batch.Composite.Shape.SequenceEqual(new[] { n, 3, s, s })
            && batch.Real.Shape.SequenceEqual(new[] { n, 3, s, s })
            && batch.Mask.Shape.SequenceEqual(new[] { n, 1, s, s });
        if (!fits)
            throw new TrainingRunException(
                $"training batch {index} of epoch {epoch} has composite {Describe(batch?.Composite)}, real {Describe(batch?.Real)}, mask {Describe(batch?.Mask)}; " +
                $"the recipe trains on [{n}, 3, {s}, {s}] images with [{n}, 1, {s}, {s}] masks");

        static string Describe(Tensor? t) => t is null ? "none" : ShapeMath.Format(t.Shape);
    }

    /// <summary>Releases the log file and the run directory's lock. A run not saved since its last checkpoint loses those steps.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        log.Dispose();
        directoryLock.Dispose();
    }

    /// <summary>Losses since the last log record.</summary>
    private sealed class LossWindow
    {
        private double sum;

        public int Count { get; private set; }

        public double Mean => Count == 0 ? double.NaN : sum / Count;

        public void Add(double loss)
        {
            sum += loss;
            Count++;
        }

        public void Clear()
        {
            sum = 0;
            Count = 0;
        }
    }
}
