namespace Harmonia.Imaging.Jpeg;

/// <summary>How the decoded components are to be read as colours.</summary>
internal enum JpegColorSpace
{
    /// <summary>One component: luminance.</summary>
    Grey,
    /// <summary>Three components: Y, Cb, Cr (JFIF).</summary>
    YCbCr,
    /// <summary>Three components stored as R, G, B without transform (Adobe transform 0, or ids 'R','G','B').</summary>
    Rgb,
    /// <summary>Four components C, M, Y, K as Adobe applications write them (inverted: 0 means full ink).</summary>
    Cmyk,
    /// <summary>Four components: Y, Cb, Cr of the inverted C, M, Y, plus K (Adobe transform 2).</summary>
    Ycck,
}
