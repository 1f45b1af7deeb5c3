namespace Harmonia.Models.Hdnet;

/// <summary>How the Local Dynamic module scores a foreground position against a support position.</summary>
public enum LdSimilarity
{
    /// <summary>Plain dot product of the masked features, as the authors' code does (the default).</summary>
    Dot,
    /// <summary>Cosine similarity, as the paper describes.</summary>
    Cosine,
}

/// <summary>Which positions the Local Dynamic module may match a foreground position with.</summary>
public enum LdSupport
{
    /// <summary>Every position; foreground ones carry zero support features, as in the authors' code (the default).</summary>
    AllPositions,
    /// <summary>Background positions only, as the paper describes.</summary>
    BackgroundOnly,
}

/// <summary>How the K matched scores become mixing weights.</summary>
public enum LdWeighting
{
    /// <summary>
    /// The authors' code: the K×N score tensor is viewed as [K, N] and soft-maxed over the N
    /// positions (for K = 1: each position's weight is a softmax of its best score over all
    /// positions). This is what checkpoints expect (the default).
    /// </summary>
    Code,
    /// <summary>The paper: each position soft-maxes its own K scores.</summary>
    PerPosition,
}

/// <summary>
/// HDNet's architecture settings. Defaults reproduce the authors' code, which is what their
/// checkpoints expect; the paper's variants of the Local Dynamic module are options.
/// </summary>
public sealed record HdnetConfig : INetworkConfig
{
    /// <summary>Base width: 32 for HDNet, 8 for HDNet-lite.</summary>
    public int Ngf { get; init; } = 32;
    /// <summary>Input channels (3: the mask is not concatenated in the authors' setup).</summary>
    public int InputChannels { get; init; } = 3;
    /// <summary>Output channels.</summary>
    public int OutputChannels { get; init; } = 3;
    /// <summary>Neighbours each foreground position mixes (the paper found K = 1 best).</summary>
    public int LdTopK { get; init; } = 1;
    /// <summary>Similarity of the Local Dynamic module.</summary>
    public LdSimilarity LdSimilarity { get; init; } = LdSimilarity.Dot;
    /// <summary>Candidate positions of the Local Dynamic module.</summary>
    public LdSupport LdSupport { get; init; } = LdSupport.AllPositions;
    /// <summary>Weighting of the K matches.</summary>
    public LdWeighting LdWeighting { get; init; } = LdWeighting.Code;

    /// <summary>HDNet as published: ngf 32, 10.41 M parameters.</summary>
    public static HdnetConfig Full { get; } = new() { Ngf = 32 };
    /// <summary>HDNet-lite: a quarter of the width, 0.65 M parameters.</summary>
    public static HdnetConfig Lite { get; } = new() { Ngf = 8 };

    /// <summary>Throws on settings the network cannot be built with.</summary>
    public void Validate()
    {
        if (Ngf < 1) throw new ArgumentException($"HDNet ngf must be at least 1, got {Ngf}.");
        if (InputChannels < 1 || OutputChannels < 1) throw new ArgumentException("HDNet needs at least one input and one output channel.");
        if (LdTopK < 1) throw new ArgumentException($"HDNet LD top-k must be at least 1, got {LdTopK}.");
    }
}
