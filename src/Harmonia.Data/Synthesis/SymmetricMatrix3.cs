namespace Harmonia.Data.Synthesis;

/// <summary>
/// A symmetric 3×3 matrix (row-major, double precision) with the functions colour transfer
/// needs: products and functions of the matrix (square root, inverse square root, clamped
/// eigenvalues) through an eigendecomposition by cyclic Jacobi rotations, which is exact
/// enough for 3×3 and has no failure modes on symmetric input.
/// </summary>
internal readonly struct SymmetricMatrix3
{
    private readonly double[] m;

    public SymmetricMatrix3(double[] values)
    {
        if (values.Length != 9) throw new ArgumentException("A 3x3 matrix has 9 values.", nameof(values));
        m = values;
    }

    public double this[int row, int column] => m[row * 3 + column];

    public static SymmetricMatrix3 Identity => new([1, 0, 0, 0, 1, 0, 0, 0, 1]);

    public SymmetricMatrix3 Plus(double diagonal)
    {
        var r = (double[])m.Clone();
        r[0] += diagonal; r[4] += diagonal; r[8] += diagonal;
        return new SymmetricMatrix3(r);
    }

    /// <summary>The product A·B·A (symmetric when A and B are).</summary>
    public static SymmetricMatrix3 Sandwich(SymmetricMatrix3 a, SymmetricMatrix3 b) => Symmetrized(Multiply(Multiply(a.m, b.m), a.m));

    /// <summary>Applies the matrix to a vector.</summary>
    public (double X, double Y, double Z) Transform(double x, double y, double z)
        => (m[0] * x + m[1] * y + m[2] * z, m[3] * x + m[4] * y + m[5] * z, m[6] * x + m[7] * y + m[8] * z);

    /// <summary>V·diag(f(λ))·Vᵀ for the eigendecomposition V·diag(λ)·Vᵀ of this matrix.</summary>
    public SymmetricMatrix3 Map(Func<double, double> function)
    {
        var (values, vectors) = Eigen();
        var r = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double sum = 0;
                for (int k = 0; k < 3; k++) sum += vectors[i * 3 + k] * function(values[k]) * vectors[j * 3 + k];
                r[i * 3 + j] = sum;
            }
        return Symmetrized(r);
    }

    /// <summary>Eigenvalues and eigenvectors (as the columns of a row-major matrix).</summary>
    public (double[] Values, double[] Vectors) Eigen()
    {
        var a = (double[])m.Clone();
        double[] v = [1, 0, 0, 0, 1, 0, 0, 0, 1];
        for (int sweep = 0; sweep < 64; sweep++)
        {
            double off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
            double scale = a[0] * a[0] + a[4] * a[4] + a[8] * a[8] + 2 * off;
            if (off <= 1e-30 * scale || off == 0) break;
            Rotate(a, v, 0, 1);
            Rotate(a, v, 0, 2);
            Rotate(a, v, 1, 2);
        }
        return ([a[0], a[4], a[8]], v);
    }

    // One Jacobi rotation zeroing a[p, q].
    private static void Rotate(double[] a, double[] v, int p, int q)
    {
        double apq = a[p * 3 + q];
        if (apq == 0) return;
        double app = a[p * 3 + p], aqq = a[q * 3 + q];
        double theta = (aqq - app) / (2 * apq);
        double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < 3; k++)
        {
            // Columns p and q of A·J.
            double akp = a[k * 3 + p], akq = a[k * 3 + q];
            a[k * 3 + p] = c * akp - s * akq;
            a[k * 3 + q] = s * akp + c * akq;
        }
        for (int k = 0; k < 3; k++)
        {
            // Rows p and q of Jᵀ·(A·J).
            double apk = a[p * 3 + k], aqk = a[q * 3 + k];
            a[p * 3 + k] = c * apk - s * aqk;
            a[q * 3 + k] = s * apk + c * aqk;
        }
        for (int k = 0; k < 3; k++)
        {
            double vkp = v[k * 3 + p], vkq = v[k * 3 + q];
            v[k * 3 + p] = c * vkp - s * vkq;
            v[k * 3 + q] = s * vkp + c * vkq;
        }
    }

    private static double[] Multiply(double[] a, double[] b)
    {
        var r = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                r[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
        return r;
    }

    // Rounding leaves products of symmetric matrices very slightly asymmetric; average it away.
    private static SymmetricMatrix3 Symmetrized(double[] r)
    {
        var s = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                s[i * 3 + j] = 0.5 * (r[i * 3 + j] + r[j * 3 + i]);
        return new SymmetricMatrix3(s);
    }
}
