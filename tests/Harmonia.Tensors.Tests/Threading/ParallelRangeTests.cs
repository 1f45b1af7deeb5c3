using Harmonia.Tensors.Tests.Kernels;
using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Tests.Threading;

/// <summary>
/// The loop runner under every kernel: each index runs exactly once, chunk boundaries never depend
/// on the thread count, failures reach the caller, and loops inside loops or from several callers
/// at once finish.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public class ParallelRangeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void ManyShortLoopsRunEveryIndexExactlyOnce(int threads)
    {
        ThreadCountCollection.WithThreads(threads, () =>
        {
            var random = new System.Random(threads);
            for (int loop = 0; loop < 3000; loop++)
            {
                int count = random.Next(1, 200), chunkSize = random.Next(1, 20);
                var hits = new int[count];
                ParallelRange.For(count, chunkSize, (start, end) =>
                {
                    for (int i = start; i < end; i++) Interlocked.Increment(ref hits[i]);
                });
                Assert.True(hits.All(h => h == 1), $"loop {loop}: count {count}, chunk {chunkSize}, hits {string.Join(",", hits)}");
            }
            return 0;
        });
    }

    [Fact]
    public void ChunkBoundariesAreTheSameForAnyThreadCount()
    {
        List<(int, int)> Chunks(int threads) => ThreadCountCollection.WithThreads(threads, () =>
        {
            var chunks = new List<(int, int)>();
            ParallelRange.For(1000, 37, (start, end) => { lock (chunks) chunks.Add((start, end)); });
            return chunks.Order().ToList();
        });
        var single = Chunks(1);
        Assert.Equal(28, single.Count);
        Assert.Equal(single, Chunks(2));
        Assert.Equal(single, Chunks(4));
    }

    [Fact]
    public void PiecesCoverEveryRowOnceAndDependOnlyOnTheLengths()
    {
        List<(int, int, int)> Pieces(int threads) => ThreadCountCollection.WithThreads(threads, () =>
        {
            var pieces = new List<(int, int, int)>();
            ParallelRange.ForEachPiece(3, 1000, 300, (row, start, length) => { lock (pieces) pieces.Add((row, start, length)); });
            return pieces.Order().ToList();
        });
        var single = Pieces(1);
        // Each row of 1000 is cut at 300, 600 and 900: four pieces, the last of 100.
        Assert.Equal(12, single.Count);
        for (int row = 0; row < 3; row++)
            Assert.Equal([(row, 0, 300), (row, 300, 300), (row, 600, 300), (row, 900, 100)], single.Where(p => p.Item1 == row));
        Assert.Equal(single, Pieces(2));
        Assert.Equal(single, Pieces(3));
    }

    [Fact]
    public void ChunksOfABusyParticipantsShareAreTakenByTheOthers()
    {
        ThreadCountCollection.WithThreads(2, () =>
        {
            // Chunk 0 is in the caller's share; it waits until every other chunk has run, so the
            // worker must run its own share and then what is left of the caller's.
            const int chunks = 20;
            using var othersDone = new CountdownEvent(chunks - 1);
            bool othersFinishedFirst = false;
            ParallelRange.For(chunks, 1, (start, _) =>
            {
                if (start == 0) othersFinishedFirst = othersDone.Wait(TimeSpan.FromSeconds(30));
                else othersDone.Signal();
            });
            Assert.True(othersFinishedFirst, "the other chunks waited for the busy one");
            return 0;
        });
    }

    [Fact]
    public void AnExceptionInAChunkReachesTheCallerAndTheRunnerStaysUsable()
    {
        ThreadCountCollection.WithThreads(2, () =>
        {
            var error = Assert.Throws<InvalidOperationException>(() => ParallelRange.For(100, 1, (start, _) =>
            {
                if (start == 57) throw new InvalidOperationException("chunk 57 failed");
            }));
            Assert.Equal("chunk 57 failed", error.Message);

            int total = 0;
            ParallelRange.For(100, 1, (start, end) => Interlocked.Add(ref total, end - start));
            Assert.Equal(100, total);
            return 0;
        });
    }

    [Fact]
    public void LoopsInsideChunksAndLoopsFromSeveralCallersFinish()
    {
        ThreadCountCollection.WithThreads(2, () =>
        {
            long Nested()
            {
                long sum = 0;
                ParallelRange.For(20, 1, (outer, _) =>
                    ParallelRange.For(50, 7, (start, end) =>
                    {
                        for (int i = start; i < end; i++) Interlocked.Add(ref sum, outer * 1000 + i);
                    }));
                return sum;
            }
            long expected = Enumerable.Range(0, 20).Sum(o => Enumerable.Range(0, 50).Sum(i => (long)(o * 1000 + i)));
            var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => Enumerable.Range(0, 50).Select(_ => Nested()).ToList())).ToArray();
            Assert.True(Task.WaitAll(callers, TimeSpan.FromMinutes(2)), "loops did not finish");
            Assert.All(callers.SelectMany(c => c.Result), sum => Assert.Equal(expected, sum));
            return 0;
        });
    }
}
