using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// A value type the Winograd transforms compute with: one float, or eight tiles' (or filters')
/// floats side by side in a vector. Written once against this interface, a transform runs the same
/// operations in the same order on either, so the vector and one-at-a-time paths agree bit for bit.
/// </summary>
internal interface ILanes<TSelf> where TSelf : struct, ILanes<TSelf>
{
    static abstract TSelf Splat(float value);

    static abstract unsafe TSelf Load(float* source);

    static abstract unsafe void Store(TSelf value, float* target);

    static abstract TSelf operator +(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a, TSelf b);

    static abstract TSelf operator *(TSelf a, TSelf b);
}

/// <summary>One float.</summary>
internal readonly record struct Lane1(float Value) : ILanes<Lane1>
{
    public static Lane1 Splat(float value) => new(value);

    public static unsafe Lane1 Load(float* source) => new(*source);

    public static unsafe void Store(Lane1 value, float* target) => *target = value.Value;

    public static Lane1 operator +(Lane1 a, Lane1 b) => new(a.Value + b.Value);

    public static Lane1 operator -(Lane1 a, Lane1 b) => new(a.Value - b.Value);

    public static Lane1 operator *(Lane1 a, Lane1 b) => new(a.Value * b.Value);
}

/// <summary>Eight floats in a 256-bit vector.</summary>
internal readonly record struct Lane8(Vector256<float> Value) : ILanes<Lane8>
{
    public static Lane8 Splat(float value) => new(Vector256.Create(value));

    public static unsafe Lane8 Load(float* source) => new(Vector256.Load(source));

    public static unsafe void Store(Lane8 value, float* target) => value.Value.Store(target);

    public static Lane8 operator +(Lane8 a, Lane8 b) => new(a.Value + b.Value);

    public static Lane8 operator -(Lane8 a, Lane8 b) => new(a.Value - b.Value);

    public static Lane8 operator *(Lane8 a, Lane8 b) => new(a.Value * b.Value);
}

/// <summary>The nine taps of a 3×3 filter, row by row.</summary>
[InlineArray(9)]
internal struct Filter9<T>
{
    private T first;
}

/// <summary>A 4×4 tile, row by row.</summary>
[InlineArray(16)]
internal struct Tile16<T>
{
    private T first;
}
