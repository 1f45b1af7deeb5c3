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
}
