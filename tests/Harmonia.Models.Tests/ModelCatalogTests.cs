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
}
