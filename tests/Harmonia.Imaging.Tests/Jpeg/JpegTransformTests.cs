using System.Runtime.Intrinsics.X86;
using Harmonia.Imaging.Jpeg;

namespace Harmonia.Imaging.Tests.Jpeg;

/// <summary>The DCTs and the zig-zag table against their mathematical definitions, and the vectorized IDCT against the scalar one.</summary>
public sealed class JpegTransformTests
{
    [Fact]
    public void Zigzag_table_walks_the_anti_diagonals_alternately()
    {
        // T.81 Figure A.6: diagonal d = row + column; odd diagonals run top-right to bottom-left.
        var expected = new List<int>();
        for (int d = 0; d < 15; d++)
        {
            var cells = Enumerable.Range(0, 8).Where(row => d - row is >= 0 and < 8).Select(row => row * 8 + (d - row));
            expected.AddRange(d % 2 == 1 ? cells : cells.Reverse());
        }
        Assert.Equal(expected, JpegZigZag.NaturalIndex.ToArray().Select(b => (int)b));
    }

    [Fact]
    public void Integer_idct_is_within_one_of_the_exact_inverse_dct()
    {
        var random = new Random(11);
        var coefficients = new short[64];
        var quantization = Enumerable.Repeat((ushort)1, 64).ToArray();
        var samples = new byte[64];
        for (int trial = 0; trial < 2000; trial++)
        {
            // Coefficients a real image could have: DC anywhere, AC shrinking with frequency.
            for (int i = 0; i < 64; i++)
            {
                int u = i / 8, v = i % 8;
                int range = i == 0 ? 1000 : 400 / (1 + u + v);
                coefficients[i] = (short)random.Next(-range, range + 1);
            }
            IntegerIdct.TransformScalar(coefficients, quantization, samples, 8);
            for (int y = 0; y < 8; y++)
            {
                for (int x = 0; x < 8; x++)
                {
                    double exact = 128 + ExactInverseDct(coefficients, x, y);
                    int expected = (int)Math.Clamp(Math.Round(exact), 0, 255);
                    Assert.InRange(samples[y * 8 + x], expected - 1, expected + 1);
                }
            }
        }
    }

    [Fact]
    public void Vectorized_idct_equals_the_scalar_idct_bit_for_bit()
    {
        if (!Avx2.IsSupported) return; // nothing to compare: the scalar version is the only one used
        var random = new Random(5);
        var coefficients = new short[64];
        var quantization = new ushort[64];
        var scalar = new byte[8 * 16];
        var vector = new byte[8 * 16];
        for (int trial = 0; trial < 20000; trial++)
        {
            // Ordinary blocks, and wild ones whose arithmetic overflows (corrupt files): both must agree.
            bool wild = trial % 3 == 0;
            for (int i = 0; i < 64; i++)
            {
                quantization[i] = (ushort)(wild ? random.Next(0, 65536) : random.Next(1, 100));
                coefficients[i] = (short)(random.Next(3) == 0 || wild ? random.Next(wild ? -32768 : -60, wild ? 32768 : 61) : 0);
            }
            // Output rows 16 bytes apart, to check the stride is honoured too.
            IntegerIdct.TransformScalar(coefficients, quantization, scalar, 16);
            IntegerIdct.TransformVectorized(coefficients, quantization, vector, 16);
            Assert.Equal(scalar, vector);
        }
    }

    [Fact]
    public void Forward_dct_matches_its_definition()
    {
        var random = new Random(3);
        var block = new float[64];
        var samples = new double[64];
        for (int i = 0; i < 64; i++) block[i] = (float)(samples[i] = random.Next(-128, 128));
        ForwardDct.Transform(block);
        for (int v = 0; v < 8; v++)
        {
            for (int u = 0; u < 8; u++)
            {
                double sum = 0;
                for (int y = 0; y < 8; y++)
                    for (int x = 0; x < 8; x++)
                        sum += samples[y * 8 + x] * Math.Cos((2 * x + 1) * u * Math.PI / 16) * Math.Cos((2 * y + 1) * v * Math.PI / 16);
                double expected = 0.25 * C(u) * C(v) * sum;
                Assert.Equal(expected, block[v * 8 + u], 0.01);
            }
        }
    }

    // T.81 A.3.3: f(x, y) = 1/4 Σu Σv C(u) C(v) F(v, u) cos((2x+1)uπ/16) cos((2y+1)vπ/16), F row-major by v.
    private static double ExactInverseDct(short[] coefficients, int x, int y)
    {
        double sum = 0;
        for (int v = 0; v < 8; v++)
            for (int u = 0; u < 8; u++)
                sum += C(u) * C(v) * coefficients[v * 8 + u] * Math.Cos((2 * x + 1) * u * Math.PI / 16) * Math.Cos((2 * y + 1) * v * Math.PI / 16);
        return sum / 4;
    }

    private static double C(int k) => k == 0 ? 1 / Math.Sqrt(2) : 1;
}
