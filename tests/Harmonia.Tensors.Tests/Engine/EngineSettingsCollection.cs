namespace Harmonia.Tensors.Tests.Engine;

/// <summary>
/// Tests that change process-wide engine state (<see cref="EngineSettings.Threads"/>, the
/// <see cref="BufferPool"/>) run in this collection: xunit runs it on its own, after the
/// parallel collections, so no other test sees the changed state. Every test that changes
/// EngineSettings.Threads must join it with <c>[Collection(EngineSettingsCollection.Name)]</c>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineSettingsCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "EngineSettings";
}
