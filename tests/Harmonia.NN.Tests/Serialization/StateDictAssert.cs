using Harmonia.Tensors;
using Harmonia.NN.Serialization;

namespace Harmonia.NN.Tests.Serialization;

/// <summary>Exact comparison of two state dicts: same names in the same order, same shapes, bit-identical values.</summary>
internal static class StateDictAssert
{
    public static void Identical(StateDict expected, StateDict actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, tensor) in expected)
        {
            var other = actual[name];
            Assert.True(tensor.Shape.SequenceEqual(other.Shape),
                $"'{name}': shape {ShapeMath.Format(other.Shape)}, expected {ShapeMath.Format(tensor.Shape)}");
            for (int i = 0; i < tensor.Data.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(tensor.Data[i]) != BitConverter.SingleToInt32Bits(other.Data[i]))
                    Assert.Fail($"'{name}' element {i}: {other.Data[i]}, expected {tensor.Data[i]}");
            }
        }
    }
}
