namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// The accurate integer inverse DCT that libjpeg calls ISLOW (its default), so that decoded
/// samples agree with libjpeg's bit for bit. It is the Loeffler–Ligtenberg–Moschytz
/// factorisation of the 8-point IDCT (12 multiplies, 32 adds), applied to the columns and then
/// the rows, in fixed point: the rotation constants carry 13 fractional bits, and the column
/// pass keeps 2 extra bits of precision that the row pass removes together with the DCT's
/// overall factor 8.
/// </summary>
internal static class IntegerIdct
{
    private const int ConstantBits = 13;
    private const int ColumnPassExtraBits = 2;

    // The rotation constants of the LL&M butterfly, from c_k = cos(k*pi/16), rounded to 13
    // fractional bits (static readonly, so the JIT folds them as constants). The names give the
    // real value, as in the literature, so they can be checked at a glance.
    private static readonly int C0_298631336 = Fixed(Math.Sqrt(2) * (-Cos(1) + Cos(3) + Cos(5) - Cos(7)));
    private static readonly int C0_390180644 = Fixed(Math.Sqrt(2) * (Cos(3) - Cos(5)));
    private static readonly int C0_541196100 = Fixed(Math.Sqrt(2) * Cos(6));
    private static readonly int C0_765366865 = Fixed(Math.Sqrt(2) * (Cos(2) - Cos(6)));
    private static readonly int C0_899976223 = Fixed(Math.Sqrt(2) * (Cos(3) - Cos(7)));
    private static readonly int C1_175875602 = Fixed(Math.Sqrt(2) * Cos(3));
    private static readonly int C1_501321110 = Fixed(Math.Sqrt(2) * (Cos(1) + Cos(3) - Cos(5) - Cos(7)));
    private static readonly int C1_847759065 = Fixed(Math.Sqrt(2) * (Cos(2) + Cos(6)));
    private static readonly int C1_961570560 = Fixed(Math.Sqrt(2) * (Cos(3) + Cos(5)));
    private static readonly int C2_053119869 = Fixed(Math.Sqrt(2) * (Cos(1) + Cos(3) - Cos(5) + Cos(7)));
    private static readonly int C2_562915447 = Fixed(Math.Sqrt(2) * (Cos(1) + Cos(3)));
    private static readonly int C3_072711026 = Fixed(Math.Sqrt(2) * (Cos(1) + Cos(3) + Cos(5) - Cos(7)));

    // Output value (centred on 0) & 1023 -> sample. Within -128..127 it is value + 128; beyond,
    // it saturates to 0 or 255. Indexing modulo 1024 is what libjpeg's range-limit table does,
    // so even wildly corrupt coefficients give libjpeg's output and never an out-of-range index.
    private static readonly byte[] RangeLimit = BuildRangeLimit();

    /// <summary>
    /// Dequantizes one block of coefficients (natural order) and writes its 8x8 samples to
    /// <paramref name="output"/>, rows <paramref name="outputStride"/> bytes apart.
    /// </summary>
    public static void Transform(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quantization, Span<byte> output, int outputStride)
    {
        Span<int> workspace = stackalloc int[64];

        for (int column = 0; column < 8; column++)
        {

            if (coefficients[8 + column] == 0 && coefficients[16 + column] == 0 && coefficients[24 + column] == 0 &&
                coefficients[32 + column] == 0 && coefficients[40 + column] == 0 && coefficients[48 + column] == 0 &&
                coefficients[56 + column] == 0)
            {
                // Only the DC term: the column is constant (same result as the full transform, much cheaper).
                int constant = coefficients[column] * quantization[column] << ColumnPassExtraBits;
                for (int row = 0; row < 8; row++) workspace[row * 8 + column] = constant;
                continue;
            }

            Butterfly(coefficients[column] * quantization[column],
                      coefficients[8 + column] * quantization[8 + column],
                      coefficients[16 + column] * quantization[16 + column],
                      coefficients[24 + column] * quantization[24 + column],
                      coefficients[32 + column] * quantization[32 + column],
                      coefficients[40 + column] * quantization[40 + column],
                      coefficients[48 + column] * quantization[48 + column],
                      coefficients[56 + column] * quantization[56 + column],
                      out int o0, out int o1, out int o2, out int o3, out int o4, out int o5, out int o6, out int o7);
            const int shift = ConstantBits - ColumnPassExtraBits;
            workspace[0 * 8 + column] = Descale(o0, shift);
            workspace[1 * 8 + column] = Descale(o1, shift);
            workspace[2 * 8 + column] = Descale(o2, shift);
            workspace[3 * 8 + column] = Descale(o3, shift);
            workspace[4 * 8 + column] = Descale(o4, shift);
            workspace[5 * 8 + column] = Descale(o5, shift);
            workspace[6 * 8 + column] = Descale(o6, shift);
            workspace[7 * 8 + column] = Descale(o7, shift);
        }

        var limit = RangeLimit;
        for (int row = 0; row < 8; row++)
        {
            var w = workspace.Slice(row * 8, 8);
            var outRow = output.Slice(row * outputStride, 8);
            // The row pass removes the column pass's extra bits and the factor 8 of the 2-D DCT.
            const int shift = ConstantBits + ColumnPassExtraBits + 3;
            Butterfly(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7],
                      out int o0, out int o1, out int o2, out int o3, out int o4, out int o5, out int o6, out int o7);
            outRow[0] = limit[Descale(o0, shift) & 1023];
            outRow[1] = limit[Descale(o1, shift) & 1023];
            outRow[2] = limit[Descale(o2, shift) & 1023];
            outRow[3] = limit[Descale(o3, shift) & 1023];
            outRow[4] = limit[Descale(o4, shift) & 1023];
            outRow[5] = limit[Descale(o5, shift) & 1023];
            outRow[6] = limit[Descale(o6, shift) & 1023];
            outRow[7] = limit[Descale(o7, shift) & 1023];
        }
    }

    // The 1-D LL&M IDCT of eight inputs; the outputs are scaled by 2^13 (ConstantBits).
    private static void Butterfly(int in0, int in1, int in2, int in3, int in4, int in5, int in6, int in7,
        out int out0, out int out1, out int out2, out int out3, out int out4, out int out5, out int out6, out int out7)
    {
        // Even part: inputs 0, 2, 4, 6 via one rotation by 6*pi/16.
        int rotationCommon = (in2 + in6) * C0_541196100;
        int even2 = rotationCommon - in6 * C1_847759065;
        int even3 = rotationCommon + in2 * C0_765366865;
        int sum04 = (in0 + in4) << ConstantBits;
        int difference04 = (in0 - in4) << ConstantBits;
        int even10 = sum04 + even3;
        int even13 = sum04 - even3;
        int even11 = difference04 + even2;
        int even12 = difference04 - even2;

        // Odd part: inputs 7, 5, 3, 1 via the shared-multiplier rotation network.
        int sum71 = in7 + in1, sum53 = in5 + in3, sum73 = in7 + in3, sum51 = in5 + in1;
        int shared = (sum73 + sum51) * C1_175875602;
        int odd0 = in7 * C0_298631336;
        int odd1 = in5 * C2_053119869;
        int odd2 = in3 * C3_072711026;
        int odd3 = in1 * C1_501321110;
        int z71 = -sum71 * C0_899976223;
        int z53 = -sum53 * C2_562915447;
        int z73 = -sum73 * C1_961570560 + shared;
        int z51 = -sum51 * C0_390180644 + shared;
        odd0 += z71 + z73;
        odd1 += z53 + z51;
        odd2 += z53 + z73;
        odd3 += z71 + z51;

        out0 = even10 + odd3;
        out7 = even10 - odd3;
        out1 = even11 + odd2;
        out6 = even11 - odd2;
        out2 = even12 + odd1;
        out5 = even12 - odd1;
        out3 = even13 + odd0;
        out4 = even13 - odd0;
    }

    private static double Cos(int k) => Math.Cos(k * Math.PI / 16);

    private static int Fixed(double value) => (int)Math.Round(value * (1 << ConstantBits));

    // Divides by 2^shift, rounding halves up.
    private static int Descale(int value, int shift) => (value + (1 << (shift - 1))) >> shift;

    private static byte[] BuildRangeLimit()
    {
        var table = new byte[1024];
        for (int i = 0; i < 1024; i++)
        {
            int value = i < 512 ? i : i - 1024; // the centred sample value this index stands for
            table[i] = (byte)Math.Clamp(value + 128, 0, 255);
        }
        return table;
    }
}
