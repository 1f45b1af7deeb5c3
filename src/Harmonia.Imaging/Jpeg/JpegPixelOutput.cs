using Harmonia.Tensors.Threading;

namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// The last decoding stage: inverse DCT of every component's coefficients into sample planes,
/// upsampling of subsampled components, and colour conversion into an <see cref="Image"/>
/// (1 channel for greyscale, 3 channels RGB otherwise).
/// </summary>
internal static class JpegPixelOutput
{
    /// <summary>Builds the image from a fully decoded frame.</summary>
    public static Image Build(JpegFrame frame, JpegColorSpace colorSpace)
    {
        var planes = new byte[frame.Components.Length][];
        for (int i = 0; i < planes.Length; i++) planes[i] = InverseTransform(frame.Components[i]);

        int width = frame.Width, height = frame.Height;
        if (colorSpace == JpegColorSpace.Grey)
        {
            var grey = new byte[width * height];
            int stride = PlaneStride(frame.Components[0]);
            for (int y = 0; y < height; y++)
                planes[0].AsSpan(y * stride, width).CopyTo(grey.AsSpan(y * width, width));
            return new Image(width, height, 1, grey);
        }

        var upsamplers = new ComponentUpsampler[planes.Length];
        for (int i = 0; i < planes.Length; i++)
        {
            var component = frame.Components[i];
            upsamplers[i] = new ComponentUpsampler(planes[i], PlaneStride(component), component,
                frame.MaxHorizontalSampling / component.HorizontalSampling,
                frame.MaxVerticalSampling / component.VerticalSampling);
        }

        var rgb = new byte[checked(width * height * 3)];
        int paddedRowWidth = frame.McusPerLine * 8 * frame.MaxHorizontalSampling;
        ParallelRange.For(height, ParallelRange.ChunkSize(height, minItemsPerChunk: 16), (firstRow, endRow) =>
        {
            var rows = new byte[planes.Length][];
            for (int i = 0; i < rows.Length; i++) rows[i] = new byte[paddedRowWidth];
            for (int y = firstRow; y < endRow; y++)
            {
                for (int i = 0; i < rows.Length; i++) upsamplers[i].UpsampleRow(y, rows[i]);
                var output = rgb.AsSpan(y * width * 3, width * 3);
                switch (colorSpace)
                {
                    case JpegColorSpace.YCbCr:
                        JpegColorConverter.YCbCrToRgb(rows[0], rows[1], rows[2], output, width);
                        break;
                    case JpegColorSpace.Rgb:
                        JpegColorConverter.InterleaveRgb(rows[0], rows[1], rows[2], output, width);
                        break;
                    case JpegColorSpace.Cmyk:
                        JpegColorConverter.CmykToRgb(rows[0], rows[1], rows[2], rows[3], output, width);
                        break;
                    case JpegColorSpace.Ycck:
                        JpegColorConverter.YcckToRgb(rows[0], rows[1], rows[2], rows[3], output, width);
                        break;
                }
            }
        });
        return new Image(width, height, 3, rgb);
    }

    private static int PlaneStride(JpegComponent component) => component.BlocksPerLine * 8;

    // Inverse-transforms the blocks that hold real samples; MCU padding blocks are never read.
    private static byte[] InverseTransform(JpegComponent component)
    {
        int stride = PlaneStride(component);
        var plane = new byte[checked(stride * component.BlockRows * 8)];
        var coefficients = component.Coefficients!;
        var quantization = component.Quantization!;
        int blockColumns = component.ScanBlocksPerLine, blockRows = component.ScanBlockRows;
        ParallelRange.For(blockRows, ParallelRange.ChunkSize(blockRows, minItemsPerChunk: 4), (firstRow, endRow) =>
        {
            for (int row = firstRow; row < endRow; row++)
                for (int column = 0; column < blockColumns; column++)
                    IntegerIdct.Transform(
                        coefficients.AsSpan(component.BlockOffset(row, column), 64),
                        quantization,
                        plane.AsSpan(row * 8 * stride + column * 8),
                        stride);
        });
        return plane;
    }
}
