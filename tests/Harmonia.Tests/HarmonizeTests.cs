using Harmonia.Imaging.Files;
using Harmonia.Imaging;
using Harmonia.Models;

namespace Harmonia.Tests;

public class HarmonizeTests
{
    private const int Width = 48, Height = 40;

    [Fact]
    public void The_result_is_what_the_models_library_computes_with_the_committed_weights()
    {
        using var folder = new TemporaryFolder();
        var (compositePath, maskPath) = TestPictures.WritePairIn(folder.Path, Width, Height);
        using var harmonizer = Harmonizer.Load();

        var result = harmonizer.Harmonize(compositePath, maskPath);

        // The same computation the command line does: the catalog's model from models/, at 256.
        // The library harmonizes with Harmonia's default colour-map output, as the command line does.
        var model = new ColorMapHarmonizer(ModelCatalog.Load("hdnet-lite", configJson: null, weightsPath: null, Path.Combine(Repository.Root, "models")));
        var expected = new ImageHarmonizer(model).Harmonize(ImageFile.Load(compositePath), MaskLoader.Load(maskPath), 256);
        Assert.Equal((Width, Height), (result.Width, result.Height));
        Assert.Equal("hdnet-lite", result.Model);
        Assert.Equal(expected.Pixels, result.Image.Pixels);
    }

    [Fact]
    public void The_minimum_change_is_an_option_of_each_call()
    {
        using var folder = new TemporaryFolder();
        var (compositePath, maskPath) = TestPictures.WritePairIn(folder.Path, Width, Height);
        using var harmonizer = Harmonizer.Load();
        var models = Path.Combine(Repository.Root, "models");
        var composite = ImageFile.Load(compositePath);
        var mask = MaskLoader.Load(maskPath);

        var full = harmonizer.Harmonize(compositePath, maskPath, new HarmonizeOptions { MinimumChange = 0 }).Image.Pixels;
        var byDefault = harmonizer.Harmonize(compositePath, maskPath).Image.Pixels;
        var untouched = harmonizer.Harmonize(compositePath, maskPath, new HarmonizeOptions { MinimumChange = 255 }).Image.Pixels;

        var expectedFull = new ImageHarmonizer(new ColorMapHarmonizer(ModelCatalog.Load("hdnet-lite", null, null, models), minimumChange: 0)).Harmonize(composite, mask, 256);
        Assert.Equal(expectedFull.Pixels, full);
        Assert.NotEqual(full, byDefault);
        Assert.Equal(composite.Pixels, untouched);
        Assert.Throws<ArgumentException>(() => harmonizer.Harmonize(compositePath, maskPath, new HarmonizeOptions { MinimumChange = -1 }));
        // A baseline has no colour map: the option changes nothing.
        using var reinhard = Harmonizer.Load("reinhard");
        Assert.Equal(reinhard.Harmonize(compositePath, maskPath).Image.Pixels,
            reinhard.Harmonize(compositePath, maskPath, new HarmonizeOptions { MinimumChange = 255 }).Image.Pixels);
    }

    [Fact]
    public void The_color_guard_is_an_option_of_each_call()
    {
        using var folder = new TemporaryFolder();
        var (compositePath, maskPath) = TestPictures.WritePairIn(folder.Path, Width, Height);
        using var harmonizer = Harmonizer.Load();
        var network = ModelCatalog.Load("hdnet-lite", null, null, Path.Combine(Repository.Root, "models"));
        var composite = ImageFile.Load(compositePath);
        var mask = MaskLoader.Load(maskPath);
        byte[] Expected(ColorGuard guard) => new ImageHarmonizer(new ColorMapHarmonizer(network, minimumChange: 0, guard)).Harmonize(composite, mask, 256).Pixels;

        var unguarded = harmonizer.Harmonize(compositePath, maskPath, new HarmonizeOptions { MinimumChange = 0, ColorGuard = ColorGuard.Off }).Image.Pixels;
        var strict = harmonizer.Harmonize(compositePath, maskPath, new HarmonizeOptions { MinimumChange = 0, ColorGuard = new ColorGuard(0, 1) }).Image.Pixels;
        var byDefault = harmonizer.Harmonize(compositePath, maskPath, new HarmonizeOptions { MinimumChange = 0 }).Image.Pixels;

        Assert.Equal(Expected(ColorGuard.Off), unguarded);
        Assert.Equal(Expected(new ColorGuard(0, 1)), strict);
        Assert.Equal(Expected(ColorGuard.Default), byDefault);
        Assert.NotEqual(unguarded, strict);
    }

    [Fact]
    public void Only_the_masked_object_changes()
    {
        using var harmonizer = Harmonizer.Load();
        var composite = TestPictures.Composite(Width, Height);
        var result = harmonizer.Harmonize(composite, Mask.FromImage(TestPictures.Mask(Width, Height)));

        int changedInside = 0;
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int i = (y * Width + x) * 3 + c;
                    if (!TestPictures.InForeground(x, y, Width, Height)) Assert.Equal(composite.Pixels[i], result.Image.Pixels[i]);
                    else if (composite.Pixels[i] != result.Image.Pixels[i]) changedInside++;
                }
            }
        }
        Assert.True(changedInside > Width * Height / 4, $"only {changedInside} foreground values changed");
    }

    [Fact]
    public void Paths_streams_bytes_and_decoded_images_give_the_same_pixels()
    {
        using var folder = new TemporaryFolder();
        var (compositePath, maskPath) = TestPictures.WritePairIn(folder.Path, Width, Height);
        using var harmonizer = Harmonizer.Load();

        var fromPaths = harmonizer.Harmonize(compositePath, maskPath).Image.Pixels;
        using (var compositeStream = File.OpenRead(compositePath))
        using (var maskStream = File.OpenRead(maskPath))
            Assert.Equal(fromPaths, harmonizer.Harmonize(compositeStream, maskStream).Image.Pixels);
        Assert.Equal(fromPaths, harmonizer.Harmonize(File.ReadAllBytes(compositePath), File.ReadAllBytes(maskPath)).Image.Pixels);
        Assert.Equal(fromPaths, harmonizer.Harmonize(ImageFile.Load(compositePath), MaskLoader.Load(maskPath)).Image.Pixels);
    }

    [Fact]
    public void The_working_size_and_the_native_size_are_honoured()
    {
        using var harmonizer = Harmonizer.Load();
        var composite = TestPictures.Composite(Width, Height);
        var mask = Mask.FromImage(TestPictures.Mask(Width, Height));
        var model = new ColorMapHarmonizer(ModelCatalog.Load("hdnet-lite", null, null, Path.Combine(Repository.Root, "models")));
        var reference = new ImageHarmonizer(model);

        var at64 = harmonizer.Harmonize(composite, mask, new HarmonizeOptions { WorkingSize = 64 });
        var native = harmonizer.Harmonize(composite, mask, new HarmonizeOptions { NativeSize = true });

        Assert.Equal(reference.Harmonize(composite, mask, 64).Pixels, at64.Image.Pixels);
        Assert.Equal(reference.Harmonize(composite, mask, null).Pixels, native.Image.Pixels);
        Assert.NotEqual(at64.Image.Pixels, native.Image.Pixels);
    }

    [Fact]
    public void The_two_bundled_networks_give_different_results()
    {
        using var hdnet = Harmonizer.Load();
        using var phnet = Harmonizer.Load("phnet-lite");
        var composite = TestPictures.Composite(Width, Height);
        var mask = Mask.FromImage(TestPictures.Mask(Width, Height));
        Assert.NotEqual(hdnet.Harmonize(composite, mask).Image.Pixels, phnet.Harmonize(composite, mask).Image.Pixels);
    }

    [Fact]
    public void A_baseline_harmonizes_at_any_size()
    {
        using var reinhard = Harmonizer.Load("reinhard");
        var composite = TestPictures.Composite(37, 29);
        var result = reinhard.Harmonize(composite, Mask.FromImage(TestPictures.Mask(37, 29)));
        Assert.Equal((37, 29), (result.Width, result.Height));
        Assert.NotEqual(composite.Pixels, result.Image.Pixels);
    }

    [Fact]
    public void Concurrent_calls_on_one_instance_give_the_sequential_results()
    {
        using var harmonizer = Harmonizer.Load();
        var inputs = Enumerable.Range(0, 4).Select(i => (TestPictures.Composite(Width + 8 * i, Height), Mask.FromImage(TestPictures.Mask(Width + 8 * i, Height)))).ToArray();
        var sequential = inputs.Select(p => harmonizer.Harmonize(p.Item1, p.Item2).Image.Pixels).ToArray();

        var concurrent = new byte[inputs.Length][];
        Parallel.For(0, inputs.Length * 2, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var (composite, mask) = inputs[i % inputs.Length];
            concurrent[i % inputs.Length] = harmonizer.Harmonize(composite, mask).Image.Pixels;
        });

        for (int i = 0; i < inputs.Length; i++) Assert.Equal(sequential[i], concurrent[i]);
    }

    [Fact]
    public void A_cancelled_call_throws_and_computes_nothing()
    {
        using var folder = new TemporaryFolder();
        var (compositePath, maskPath) = TestPictures.WritePairIn(folder.Path);
        using var harmonizer = Harmonizer.Load();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => harmonizer.Harmonize(compositePath, maskPath, cancellationToken: cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() =>
            harmonizer.Harmonize(TestPictures.Composite(16, 16), Mask.FromImage(TestPictures.Mask(16, 16)), cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task A_call_waiting_for_a_busy_instance_can_be_cancelled()
    {
        using var harmonizer = Harmonizer.Load();
        var big = TestPictures.Composite(64, 64);
        var bigMask = Mask.FromImage(TestPictures.Mask(64, 64));
        using var cancel = new CancellationTokenSource();
        // Keep the instance busy with a stream of calls, then cancel a waiting one.
        using var stop = new CancellationTokenSource();
        var busy = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested) harmonizer.Harmonize(big, bigMask, new HarmonizeOptions { WorkingSize = 256 });
        });
        Thread.Sleep(50);
        cancel.CancelAfter(10);
        try
        {
            // Either it is refused while waiting, or it got its turn before the cancellation and was stopped after a stage.
            Assert.ThrowsAny<OperationCanceledException>(() =>
            {
                for (int i = 0; i < 50; i++) harmonizer.Harmonize(big, bigMask, new HarmonizeOptions { WorkingSize = 256 }, cancel.Token);
            });
        }
        finally
        {
            stop.Cancel();
            await busy;
        }
    }

    [Fact]
    public async Task The_async_call_reads_streams_without_synchronous_reads_and_gives_the_same_pixels()
    {
        using var folder = new TemporaryFolder();
        var (compositePath, maskPath) = TestPictures.WritePairIn(folder.Path, Width, Height);
        using var harmonizer = Harmonizer.Load();
        var expected = harmonizer.Harmonize(compositePath, maskPath).Image.Pixels;

        // Like an HTTP request body on a server that forbids synchronous I/O.
        using var composite = new AsyncOnlyStream(File.ReadAllBytes(compositePath));
        using var mask = new AsyncOnlyStream(File.ReadAllBytes(maskPath));
        var result = await harmonizer.HarmonizeAsync(composite, mask);

        Assert.Equal(expected, result.Image.Pixels);
    }

    [Fact]
    public async Task The_async_call_reports_bad_input_and_cancellation_like_the_others()
    {
        using var harmonizer = Harmonizer.Load("reinhard");
        var png = ImageFile.Encode(TestPictures.Composite(16, 16), ImageFileFormat.Png);

        var error = await Assert.ThrowsAsync<InvalidImageException>(() =>
            harmonizer.HarmonizeAsync(new MemoryStream(png), new MemoryStream("no"u8.ToArray())));
        Assert.Equal(ImageRole.Mask, error.Role);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            harmonizer.HarmonizeAsync(new MemoryStream(png), new MemoryStream(png), cancellationToken: cancelled.Token));
    }

    /// <summary>A read-only stream whose synchronous reads throw, as ASP.NET Core's request bodies do by default.</summary>
    private sealed class AsyncOnlyStream(byte[] content) : Stream
    {
        private readonly MemoryStream inner = new(content, writable: false);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("synchronous read");
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(inner.Read(buffer.Span));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => Task.FromResult(inner.Read(buffer, offset, count));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void A_disposed_harmonizer_refuses_work()
    {
        var harmonizer = Harmonizer.Load("reinhard");
        harmonizer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => harmonizer.Harmonize(TestPictures.Composite(8, 8), Mask.FromImage(TestPictures.Mask(8, 8))));
    }
}
