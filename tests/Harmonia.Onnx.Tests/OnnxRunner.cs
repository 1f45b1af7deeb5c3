using Harmonia.Onnx.Graph;
using Harmonia.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Harmonia.Onnx.Tests;

/// <summary>Runs an exported model in ONNX Runtime on Harmonia tensors.</summary>
internal static class OnnxRunner
{
    /// <summary>The session for <paramref name="model"/>, serialized and loaded from bytes as a file would be.</summary>
    public static InferenceSession Load(OnnxModel model)
    {
        // One thread: the test suite runs beside other work, and results must not depend on the split.
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return new InferenceSession(OnnxModelWriter.ToBytes(model), options);
    }

    /// <summary>The outputs <c>harmonized</c> and <c>prediction</c> for one composite and mask.</summary>
    public static (Tensor Harmonized, Tensor Prediction) Run(InferenceSession session, Tensor composite01, Tensor mask)
    {
        using var compositeValue = OrtValue.CreateTensorValueFromMemory(composite01.ToArray(), composite01.Shape.ToArray().Select(d => (long)d).ToArray());
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask.ToArray(), mask.Shape.ToArray().Select(d => (long)d).ToArray());
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["composite", "mask"], [compositeValue, maskValue], ["harmonized", "prediction"]);
        return (ToTensor(outputs[0]), ToTensor(outputs[1]));
    }

    private static Tensor ToTensor(OrtValue value)
    {
        var shape = value.GetTensorTypeAndShape().Shape.Select(d => (int)d).ToArray();
        return Tensor.FromArray(value.GetTensorDataAsSpan<float>().ToArray(), shape);
    }
}
