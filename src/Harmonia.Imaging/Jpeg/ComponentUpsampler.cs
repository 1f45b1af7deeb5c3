namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Produces full-resolution rows of one component from its decoded (possibly subsampled)
/// sample plane, the way libjpeg does by default so that output matches djpeg: "fancy"
/// triangle-filter interpolation for 2:1 horizontal (h2v1), 2:1 vertical (h1v2) and 2:1 both
/// (h2v2) ratios, where each output sample is weighted 3/4 towards its nearer input sample and
/// 1/4 towards the next one; plain replication for every other integer ratio, and for planes two
/// or fewer samples wide. At the image edges the edge sample stands in for its missing neighbour.
/// </summary>
internal sealed class ComponentUpsampler
{
    private enum Method { FullSize, FancyH2V1, FancyH1V2, FancyH2V2, Replicate }

    private readonly byte[] plane;
    private readonly int planeStride;
    private readonly int width;   // real samples per row of this component
    private readonly int height;  // real sample rows of this component
    private readonly int horizontalRatio;
    private readonly int verticalRatio;
    private readonly Method method;

    /// <param name="plane">The component's samples, MCU-padded.</param>
    /// <param name="planeStride">Bytes per row of <paramref name="plane"/>.</param>
    /// <param name="component">The component (for its real width and height).</param>
    /// <param name="horizontalRatio">Maximum horizontal sampling factor divided by the component's.</param>
    /// <param name="verticalRatio">Maximum vertical sampling factor divided by the component's.</param>
    public ComponentUpsampler(byte[] plane, int planeStride, JpegComponent component, int horizontalRatio, int verticalRatio)
    {
        this.plane = plane;
        this.planeStride = planeStride;
        width = component.Width;
        height = component.Height;
        this.horizontalRatio = horizontalRatio;
        this.verticalRatio = verticalRatio;
        // The same choice as libjpeg's upsampler set-up (fancy filters need a third sample to blend).
        method = (horizontalRatio, verticalRatio) switch
        {
            (1, 1) => Method.FullSize,
            (2, 1) when width > 2 => Method.FancyH2V1,
            (1, 2) => Method.FancyH1V2,
            (2, 2) when width > 2 => Method.FancyH2V2,
            _ => Method.Replicate,
        };
    }

    /// <summary>
    /// Writes output row <paramref name="y"/> of the component at full resolution. The
    /// destination must hold the MCU-padded row width; only the first image-width samples matter.
    /// </summary>
    public void UpsampleRow(int y, Span<byte> destination)
    {
        switch (method)
        {
            case Method.FullSize:
                Row(y).Slice(0, width).CopyTo(destination);
                break;
            case Method.FancyH2V1:
                FancyHorizontal(Row(y), destination);
                break;
            case Method.FancyH1V2:
                FancyVertical(y, destination);
                break;
            case Method.FancyH2V2:
                FancyBoth(y, destination);
                break;
            default:
                Replicate(y, destination);
                break;
        }
    }

    private ReadOnlySpan<byte> Row(int sampleRow) => plane.AsSpan(sampleRow * planeStride, planeStride);

    // The input row that lies nearest to output row y, and the next-nearest one (above for the
    // upper of the two output rows, below for the lower), clamped to the real rows.
    private (int Nearest, int Other, bool OtherIsAbove) VerticalNeighbours(int y)
    {
        int nearest = y >> 1;
        bool upper = (y & 1) == 0;
        int other = Math.Clamp(upper ? nearest - 1 : nearest + 1, 0, height - 1);
        return (nearest, other, upper);
    }

    private void FancyHorizontal(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int n = width;
        output[0] = input[0];
        output[1] = (byte)((input[0] * 3 + input[1] + 2) >> 2);
        for (int i = 1; i < n - 1; i++)
        {
            int nearer = input[i] * 3;
            // Rounding biases 1 and 2 alternate so that the filter does not drift in one direction.
            output[2 * i] = (byte)((nearer + input[i - 1] + 1) >> 2);
            output[2 * i + 1] = (byte)((nearer + input[i + 1] + 2) >> 2);
        }
        output[2 * n - 2] = (byte)((input[n - 1] * 3 + input[n - 2] + 1) >> 2);
        output[2 * n - 1] = input[n - 1];
    }

    private void FancyVertical(int y, Span<byte> output)
    {
        var (nearestRow, otherRow, otherIsAbove) = VerticalNeighbours(y);
        var nearest = Row(nearestRow);
        var other = Row(otherRow);
        int bias = otherIsAbove ? 1 : 2;
        for (int i = 0; i < width; i++)
            output[i] = (byte)((nearest[i] * 3 + other[i] + bias) >> 2);
    }

    private void FancyBoth(int y, Span<byte> output)
    {
        var (nearestRow, otherRow, _) = VerticalNeighbours(y);
        var nearest = Row(nearestRow);
        var other = Row(otherRow);
        int n = width;
        // Blend vertically first (weights 3:1, kept at 4x scale), then horizontally (3:1 again),
        // so each output is a 9:3:3:1 mix of its four nearest input samples, divided by 16.
        int previous = nearest[0] * 3 + other[0];
        int current = previous;
        int next = nearest[1] * 3 + other[1];
        output[0] = (byte)((current * 4 + 8) >> 4);
        output[1] = (byte)((current * 3 + next + 7) >> 4);
        for (int i = 1; i < n - 1; i++)
        {
            previous = current;
            current = next;
            next = nearest[i + 1] * 3 + other[i + 1];
            output[2 * i] = (byte)((current * 3 + previous + 8) >> 4);
            output[2 * i + 1] = (byte)((current * 3 + next + 7) >> 4);
        }
        previous = current;
        current = next;
        output[2 * n - 2] = (byte)((current * 3 + previous + 8) >> 4);
        output[2 * n - 1] = (byte)((current * 4 + 7) >> 4);
    }

    private void Replicate(int y, Span<byte> output)
    {
        var input = Row(y / verticalRatio);
        int outputWidth = width * horizontalRatio;
        for (int x = 0; x < outputWidth; x++) output[x] = input[x / horizontalRatio];
    }
}
