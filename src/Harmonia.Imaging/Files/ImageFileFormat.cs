namespace Harmonia.Imaging.Files;

/// <summary>The file formats <see cref="ImageFile"/> reads and writes.</summary>
public enum ImageFileFormat
{
    /// <summary>Portable Network Graphics (lossless).</summary>
    Png,
    /// <summary>JPEG (lossy).</summary>
    Jpeg,
}
