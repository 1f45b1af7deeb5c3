using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// The accurate integer inverse DCT that libjpeg calls ISLOW (its default), so that decoded
/// samples agree with libjpeg's bit for bit. It is the Loeffler–Ligtenberg–Moschytz
/// factorisation of the 8-point IDCT (12 multiplies, 32 adds), applied to the columns and then
/// the rows, in fixed point: the rotation constants carry 13 fractional bits, and the column
/// pass keeps 2 extra bits of precision that the row pass removes together with the DCT's
/// overall factor 8. On AVX2 hardware all eight columns (then rows) go through the butterfly
/// at once in 256-bit vectors; the arithmetic is the same integer arithmetic, so the result is
/// identical to the scalar version.
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
        if (coefficients.Length < 64 || quantization.Length < 64 || output.Length < 7 * outputStride + 8)
            throw new ArgumentException("A block needs 64 coefficients, 64 quantizers and 8 output rows.");
        if (HasOnlyDc(coefficients))
        {
            // Smooth areas are mostly DC-only blocks, whose samples are all equal: the full
            // transform would compute ((dc << 2) + 16) >> 5 for each of them.
            byte value = RangeLimit[Descale(coefficients[0] * quantization[0] << ColumnPassExtraBits, ColumnPassExtraBits + 3) & 1023];
            for (int row = 0; row < 8; row++) output.Slice(row * outputStride, 8).Fill(value);
            return;
        }
        if (Avx2.IsSupported)
            TransformVectorized(coefficients, quantization, output, outputStride);
        else
            TransformScalar(coefficients, quantization, output, outputStride);
    }

    /// <summary>The one-column-at-a-time version: the reference for the vectorized one, and the fallback without AVX2.</summary>
    internal static void TransformScalar(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quantization, Span<byte> output, int outputStride)
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

    /// <summary>The AVX2 version: eight columns, then eight rows, per vector operation.</summary>
    internal static void TransformVectorized(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quantization, Span<byte> output, int outputStride)
    {
        ref short coefficient = ref MemoryMarshal.GetReference(coefficients);
        ref ushort quantizer = ref MemoryMarshal.GetReference(quantization);

        // Column pass: vector r holds row r of the block, so each lane works on one column.
        static Vector256<int> Dequantized(ref short coefficient, ref ushort quantizer, int row) => Avx2.MultiplyLow(
            Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref coefficient, (nuint)(row * 8))),
            Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref quantizer, (nuint)(row * 8))));
        Butterfly(Dequantized(ref coefficient, ref quantizer, 0), Dequantized(ref coefficient, ref quantizer, 1),
                  Dequantized(ref coefficient, ref quantizer, 2), Dequantized(ref coefficient, ref quantizer, 3),
                  Dequantized(ref coefficient, ref quantizer, 4), Dequantized(ref coefficient, ref quantizer, 5),
                  Dequantized(ref coefficient, ref quantizer, 6), Dequantized(ref coefficient, ref quantizer, 7),
                  out var w0, out var w1, out var w2, out var w3, out var w4, out var w5, out var w6, out var w7);
        const int columnShift = ConstantBits - ColumnPassExtraBits;
        w0 = Descale(w0, columnShift); w1 = Descale(w1, columnShift); w2 = Descale(w2, columnShift); w3 = Descale(w3, columnShift);
        w4 = Descale(w4, columnShift); w5 = Descale(w5, columnShift); w6 = Descale(w6, columnShift); w7 = Descale(w7, columnShift);

        // Row pass: transpose so that vector k holds column k of the workspace, lane = row.
        Transpose(ref w0, ref w1, ref w2, ref w3, ref w4, ref w5, ref w6, ref w7);
        Butterfly(w0, w1, w2, w3, w4, w5, w6, w7,
                  out var o0, out var o1, out var o2, out var o3, out var o4, out var o5, out var o6, out var o7);
        const int rowShift = ConstantBits + ColumnPassExtraBits + 3;
        o0 = ToSample(o0, rowShift); o1 = ToSample(o1, rowShift); o2 = ToSample(o2, rowShift); o3 = ToSample(o3, rowShift);
        o4 = ToSample(o4, rowShift); o5 = ToSample(o5, rowShift); o6 = ToSample(o6, rowShift); o7 = ToSample(o7, rowShift);

        // Back to rows, then narrow each row's eight ints (all 0..255 now) to bytes.
        Transpose(ref o0, ref o1, ref o2, ref o3, ref o4, ref o5, ref o6, ref o7);
        var rows01 = Vector256.Narrow(o0, o1);
        var rows23 = Vector256.Narrow(o2, o3);
        var rows45 = Vector256.Narrow(o4, o5);
        var rows67 = Vector256.Narrow(o6, o7);
        var rows0123 = Vector256.Narrow(rows01.AsUInt16(), rows23.AsUInt16()).AsUInt64();
        var rows4567 = Vector256.Narrow(rows45.AsUInt16(), rows67.AsUInt16()).AsUInt64();
        ref byte destination = ref MemoryMarshal.GetReference(output);
        for (int row = 0; row < 4; row++)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, row * outputStride), rows0123.GetElement(row));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, (row + 4) * outputStride), rows4567.GetElement(row));
        }
    }

    // The vector form of the range-limit table: the descaled value modulo 1024 read as a signed
    // 10-bit number, plus 128, clamped to 0..255.
    private static Vector256<int> ToSample(Vector256<int> value, int shift)
    {
        var descaled = Descale(value, shift);
        var wrapped = Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(descaled, 22), 22);
        return Vector256.Min(Vector256.Max(wrapped + Vector256.Create(128), Vector256<int>.Zero), Vector256.Create(255));
    }

    private static Vector256<int> Descale(Vector256<int> value, int shift) =>
        Vector256.ShiftRightArithmetic(value + Vector256.Create(1 << (shift - 1)), shift);

    // The same butterfly as the scalar one below, on eight lanes at once.
    private static void Butterfly(Vector256<int> in0, Vector256<int> in1, Vector256<int> in2, Vector256<int> in3,
        Vector256<int> in4, Vector256<int> in5, Vector256<int> in6, Vector256<int> in7,
        out Vector256<int> out0, out Vector256<int> out1, out Vector256<int> out2, out Vector256<int> out3,
        out Vector256<int> out4, out Vector256<int> out5, out Vector256<int> out6, out Vector256<int> out7)
    {
        var rotationCommon = (in2 + in6) * Vector256.Create(C0_541196100);
        var even2 = rotationCommon - in6 * Vector256.Create(C1_847759065);
        var even3 = rotationCommon + in2 * Vector256.Create(C0_765366865);
        var sum04 = Vector256.ShiftLeft(in0 + in4, ConstantBits);
        var difference04 = Vector256.ShiftLeft(in0 - in4, ConstantBits);
        var even10 = sum04 + even3;
        var even13 = sum04 - even3;
        var even11 = difference04 + even2;
        var even12 = difference04 - even2;

        var sum71 = in7 + in1;
        var sum53 = in5 + in3;
        var sum73 = in7 + in3;
        var sum51 = in5 + in1;
        var shared = (sum73 + sum51) * Vector256.Create(C1_175875602);
        var odd0 = in7 * Vector256.Create(C0_298631336);
        var odd1 = in5 * Vector256.Create(C2_053119869);
        var odd2 = in3 * Vector256.Create(C3_072711026);
        var odd3 = in1 * Vector256.Create(C1_501321110);
        var z71 = sum71 * Vector256.Create(-C0_899976223);
        var z53 = sum53 * Vector256.Create(-C2_562915447);
        var z73 = sum73 * Vector256.Create(-C1_961570560) + shared;
        var z51 = sum51 * Vector256.Create(-C0_390180644) + shared;
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

    // Transposes the 8x8 matrix whose rows are r0..r7 (in place): interleave 32-bit, then 64-bit
    // elements of row pairs, then swap 128-bit halves.
    private static void Transpose(ref Vector256<int> r0, ref Vector256<int> r1, ref Vector256<int> r2, ref Vector256<int> r3,
        ref Vector256<int> r4, ref Vector256<int> r5, ref Vector256<int> r6, ref Vector256<int> r7)
    {
        var t0 = Avx2.UnpackLow(r0, r1).AsInt64();
        var t1 = Avx2.UnpackHigh(r0, r1).AsInt64();
        var t2 = Avx2.UnpackLow(r2, r3).AsInt64();
        var t3 = Avx2.UnpackHigh(r2, r3).AsInt64();
        var t4 = Avx2.UnpackLow(r4, r5).AsInt64();
        var t5 = Avx2.UnpackHigh(r4, r5).AsInt64();
        var t6 = Avx2.UnpackLow(r6, r7).AsInt64();
        var t7 = Avx2.UnpackHigh(r6, r7).AsInt64();
        var u0 = Avx2.UnpackLow(t0, t2).AsInt32();  // columns 0 | 4 of rows 0-3
        var u1 = Avx2.UnpackHigh(t0, t2).AsInt32(); // columns 1 | 5
        var u2 = Avx2.UnpackLow(t1, t3).AsInt32();  // columns 2 | 6
        var u3 = Avx2.UnpackHigh(t1, t3).AsInt32(); // columns 3 | 7
        var u4 = Avx2.UnpackLow(t4, t6).AsInt32();  // the same for rows 4-7
        var u5 = Avx2.UnpackHigh(t4, t6).AsInt32();
        var u6 = Avx2.UnpackLow(t5, t7).AsInt32();
        var u7 = Avx2.UnpackHigh(t5, t7).AsInt32();
        r0 = Avx2.Permute2x128(u0, u4, 0x20);
        r4 = Avx2.Permute2x128(u0, u4, 0x31);
        r1 = Avx2.Permute2x128(u1, u5, 0x20);
        r5 = Avx2.Permute2x128(u1, u5, 0x31);
        r2 = Avx2.Permute2x128(u2, u6, 0x20);
        r6 = Avx2.Permute2x128(u2, u6, 0x31);
        r3 = Avx2.Permute2x128(u3, u7, 0x20);
        r7 = Avx2.Permute2x128(u3, u7, 0x31);
    }

    private static bool HasOnlyDc(ReadOnlySpan<short> coefficients)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            ref short first = ref MemoryMarshal.GetReference(coefficients);
            var withoutDc = Vector256.LoadUnsafe(ref first).WithElement(0, (short)0);
            var any = withoutDc | Vector256.LoadUnsafe(ref first, 16) | Vector256.LoadUnsafe(ref first, 32) | Vector256.LoadUnsafe(ref first, 48);
            return any == Vector256<short>.Zero;
        }
        for (int i = 1; i < 64; i++)
            if (coefficients[i] != 0) return false;
        return true;
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
