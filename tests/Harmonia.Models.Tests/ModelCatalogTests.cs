using Harmonia.NN.Serialization;
using Harmonia.Tensors;

namespace Harmonia.Models.Tests;

public class ModelCatalogTests
{
    [Fact]
    public void TrainingCheckpointsReadAsWeightsWithoutTheirOptimizerState()
    {
        var path = Path.Combine(Path.GetTempPath(), $"harmonia-catalog-{Guid.NewGuid():N}.safetensors");
        try
        {
            var state = new StateDict();
            state.Add("model_layer0.weight", Tensor.Ones(2, 3, 3, 3));
            state.Add(StateDict.OptimizerStatePrefix + "model_layer0.weight.exp_avg", Tensor.Zeros(2, 3, 3, 3));
            SafeTensorsFile.Write(path, state);

            var weights = ModelCatalog.ReadWeights(path);

            Assert.Equal(["model_layer0.weight"], weights.Keys);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_folder_given_as_weights_is_named_as_a_folder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "harmonia-weights-folder-" + Guid.NewGuid().ToString("N") + ".safetensors");
        Directory.CreateDirectory(folder);
        try
        {
            var error = Assert.Throws<ArgumentException>(() => ModelCatalog.ReadWeights(folder));

            Assert.Equal($"{folder}: is a folder; weights are one .safetensors or .pth file", error.Message);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Theory]
    [InlineData("hdnet-lite", "phnet-lite", "holds hdnet-lite weights, which do not fit phnet-lite; leave out --model and --config (the architecture is read from the weights) or pass --model hdnet-lite")]
    [InlineData("phnet-lite", "phnet", "holds phnet-lite weights, which do not fit phnet; leave out --model and --config (the architecture is read from the weights) or pass --model phnet-lite")]
    public void Weights_of_another_preset_name_the_preset_they_fit(string writtenAs, string askedFor, string expected)
    {
        string path = Path.Combine(Path.GetTempPath(), "harmonia-other-preset-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            // Written without Harmonia's stored spec, as a converted PyTorch checkpoint would be: recognised from its tensors.
            SafeTensorsFile.Write(path, ModelCatalog.Find(writtenAs).Spec!.Build().ToStateDict());

            var error = Assert.Throws<InvalidDataException>(() => ModelCatalog.Load(askedFor, null, path, "/nonexistent-bundled-models"));

            Assert.Equal($"{path} {expected}", error.Message);
            Assert.Equal(writtenAs, ModelCatalog.Load(writtenAs, null, path, "/nonexistent-bundled-models").Name);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
