namespace Harmonia.Data.Datasets;

/// <summary>Which part of a dataset to list.</summary>
public enum DatasetSplit
{
    /// <summary>Training samples ("train" in list file names).</summary>
    Train,
    /// <summary>Validation samples ("val"; FFHQH has them, iHarmony4 does not).</summary>
    Validation,
    /// <summary>Test samples ("test").</summary>
    Test,
}

/// <summary>How splits are spelled in list file names.</summary>
public static class DatasetSplitNames
{
    /// <summary>"train", "val" or "test", as the authors' list files spell them.</summary>
    public static string FileToken(this DatasetSplit split) => split switch
    {
        DatasetSplit.Train => "train",
        DatasetSplit.Validation => "val",
        DatasetSplit.Test => "test",
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown dataset split."),
    };
}
