namespace Harmonia.Data.Synthesis;

/// <summary>The two passes of a synthesis run.</summary>
public enum SynthesisPhase
{
    /// <summary>Reading and checking every photo and mask (and measuring colours for colour transfer).</summary>
    CheckingPhotos,
    /// <summary>Writing real photos, masks and composites, photo by photo.</summary>
    WritingComposites,
}

/// <summary>
/// How far a run is: <paramref name="Done"/> of <paramref name="Total"/> photos in <paramref name="Phase"/>.
/// Reported from worker threads, possibly concurrently and slightly out of order.
/// </summary>
public readonly record struct SynthesisProgress(SynthesisPhase Phase, int Done, int Total);
