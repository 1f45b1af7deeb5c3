using Harmonia.Tensors.Kernels;
using static Harmonia.Tensors.Kernels.ResamplingKernels;

namespace Harmonia.Tensors;

/// <summary>The resampling modes of <see cref="Functional.Interpolate(Tensor, int, int, InterpolationMode, bool, double?)"/> and its scale-factor overload.</summary>
public enum InterpolationMode
{
    /// <summary>PyTorch's legacy <c>'nearest'</c> (floor of the scaled coordinate).</summary>
    Nearest,
    /// <summary>PyTorch's <c>'bilinear'</c>.</summary>
    Bilinear,
}

public static partial class Functional
{
    /// <summary>
    /// Resizes the planes of an [N, C, H, W] tensor to <paramref name="outHeight"/>×<paramref name="outWidth"/>,
    /// with PyTorch's coordinate conventions. Pass <paramref name="scaleFactor"/> when the caller
    /// gave PyTorch a scale factor rather than a size: PyTorch then maps coordinates with it.
    /// </summary>
    public static Tensor Interpolate(Tensor x, int outHeight, int outWidth, InterpolationMode mode, bool alignCorners = false, double? scaleFactor = null)
    {
        RequireRank(x, 4, "interpolate");
        if (outHeight <= 0 || outWidth <= 0) throw new ArgumentException($"Interpolate to {outHeight}×{outWidth}: sizes must be positive.");
        int h = x.Shape[2], w = x.Shape[3];
        // Checked before the tap tables are built: an empty plane has nothing to sample, and an
        // output too large for one buffer should fail with a message, not an OutOfMemoryException.
        if (h == 0 || w == 0) throw new ArgumentException($"Interpolate needs a non-empty input plane, got {ShapeMath.Format(x.Shape)}.", nameof(x));
        ShapeMath.Validate([x.Shape[0], x.Shape[1], outHeight, outWidth]);
        var rows = mode == InterpolationMode.Nearest ? AxisTaps.Nearest(h, outHeight, scaleFactor) : AxisTaps.Linear(h, outHeight, alignCorners, scaleFactor);
        var cols = mode == InterpolationMode.Nearest ? AxisTaps.Nearest(w, outWidth, scaleFactor) : AxisTaps.Linear(w, outWidth, alignCorners, scaleFactor);
        int planes = x.Shape[0] * x.Shape[1];
        var y = Tensor.Empty(x.Shape[0], x.Shape[1], outHeight, outWidth);
        ResamplingKernels.Forward(x.Data, planes, h, w, rows, cols, y.Data);
        return Autograd.Record("interpolate", y, [x], gy =>
        {
            var gx = Tensor.Empty(x.Shape);
            ResamplingKernels.Backward(gy.Data, planes, h, w, rows, cols, gx.Data);
            x.AccumulateGrad(gx);
        });
    }

    /// <summary>Resizes by a scale factor, as <c>F.interpolate(x, scale_factor=s)</c>: the output size is floor(size·s).</summary>
    public static Tensor Interpolate(Tensor x, double scaleFactor, InterpolationMode mode, bool alignCorners = false)
    {
        RequireRank(x, 4, "interpolate");
        if (!(scaleFactor > 0) || double.IsInfinity(scaleFactor))
            throw new ArgumentOutOfRangeException(nameof(scaleFactor), $"Interpolate scale factor must be positive and finite, got {scaleFactor}.");
        double outHeight = Math.Floor(x.Shape[2] * scaleFactor), outWidth = Math.Floor(x.Shape[3] * scaleFactor);
        // Casting a size beyond int range to int would saturate silently.
        if (outHeight > int.MaxValue || outWidth > int.MaxValue)
            throw new ArgumentException($"Interpolate by {scaleFactor} would make a {outHeight}×{outWidth} plane, too large for one buffer.", nameof(scaleFactor));
        return Interpolate(x, (int)outHeight, (int)outWidth, mode, alignCorners, scaleFactor);
    }

    /// <summary>[N, C·r², H, W] → [N, C, H·r, W·r]: out[n, c, h·r + i, w·r + j] = in[n, c·r² + i·r + j, h, w].</summary>
    public static Tensor PixelShuffle(Tensor x, int r)
    {
        RequireRank(x, 4, "pixel_shuffle");
        if (r < 1) throw new ArgumentOutOfRangeException(nameof(r), $"pixel_shuffle factor must be at least 1, got {r}.");
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        if (c % (r * r) != 0) throw new ArgumentException($"pixel_shuffle({r}) needs channels divisible by {r * r}, got {c}.");
        // As a reshape-permute-reshape, exactly as the definition reads.
        return Permute(x.Reshape(n, c / (r * r), r, r, h, w), 0, 1, 4, 2, 5, 3).Reshape(n, c / (r * r), h * r, w * r);
    }

    /// <summary>The inverse of <see cref="PixelShuffle"/>: [N, C, H·r, W·r] → [N, C·r², H, W].</summary>
    public static Tensor PixelUnshuffle(Tensor x, int r)
    {
        RequireRank(x, 4, "pixel_unshuffle");
        if (r < 1) throw new ArgumentOutOfRangeException(nameof(r), $"pixel_unshuffle factor must be at least 1, got {r}.");
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        if (h % r != 0 || w % r != 0) throw new ArgumentException($"pixel_unshuffle({r}) needs sizes divisible by {r}, got {h}×{w}.");
        return Permute(x.Reshape(n, c, h / r, r, w / r, r), 0, 1, 3, 5, 2, 4).Reshape(n, c * r * r, h / r, w / r);
    }
}
