namespace Harmonia.Tensors.Threading;

/// <summary>
/// Runs a loop over <c>[0, count)</c> split into chunks whose boundaries depend only on
/// <c>count</c> and the chunk size, never on the number of threads. Each chunk is always
/// computed by the same code in the same order, so results are bit-identical for any
/// thread count; only which core runs a chunk changes.
/// </summary>
public static class ParallelRange
{
    /// <summary>
    /// Calls <paramref name="body"/>(start, end) for consecutive chunks of at most
    /// <paramref name="chunkSize"/> items. Chunks run concurrently on up to
    /// <see cref="EngineSettings.Threads"/> threads: the engine's own workers (see <see cref="WorkerPool"/>),
    /// or the .NET thread pool while those serve another caller.
    /// </summary>
    public static void For(int count, int chunkSize, Action<int, int> body)
    {
        if (count <= 0) return;
        if (chunkSize < 1) chunkSize = 1;
        int chunks = (count + chunkSize - 1) / chunkSize;
        int threads = EngineSettings.Threads;
        if (chunks == 1 || threads == 1)
        {
            for (int c = 0; c < chunks; c++)
                body(c * chunkSize, Math.Min(count, (c + 1) * chunkSize));
            return;
        }
        void Chunk(int c) => body(c * chunkSize, Math.Min(count, (c + 1) * chunkSize));
        if (WorkerPool.TryRun(chunks, threads, Chunk)) return;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, Chunk);
    }

    /// <summary>
    /// Calls <paramref name="body"/>(row, start, length) for pieces of at most <paramref name="pieceLength"/>
    /// items of each of <paramref name="rows"/> rows of <paramref name="rowLength"/>, in parallel: for rows
    /// so long (a whole tensor can be one row) that one row per chunk would leave the other cores idle.
    /// The pieces depend only on the lengths, never on the thread count.
    /// </summary>
    public static void ForEachPiece(int rows, int rowLength, int pieceLength, Action<int, int, int> body)
    {
        int pieces = (rowLength + pieceLength - 1) / pieceLength;
        For(rows * pieces, 1, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                int row = p / pieces, start = p % pieces * pieceLength;
                body(row, start, Math.Min(pieceLength, rowLength - start));
            }
        });
    }

    /// <summary>
    /// Picks a chunk size that gives every thread a few chunks for load balance while keeping
    /// each chunk at least <paramref name="minItemsPerChunk"/> long. Depends on <paramref name="count"/>
    /// only (not on the thread count), which keeps partitions, and therefore results, fixed.
    /// </summary>
    public static int ChunkSize(int count, int minItemsPerChunk = 1, int targetChunks = 16)
        => Math.Max(minItemsPerChunk, (count + targetChunks - 1) / targetChunks);
}
