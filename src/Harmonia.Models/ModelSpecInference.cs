using Harmonia.Models.Hdnet;
using Harmonia.Models.Phnet;
using Harmonia.NN.Serialization;

namespace Harmonia.Models;

/// <summary>
/// Reads the architecture off a state_dict's own keys and shapes, for PyTorch checkpoints that
/// carry no config: HDNet's width is the first conv's output channels; PHNet's encoder widths
/// and grid sizes are the shapes of its encoder weights and normalizer grids.
/// </summary>
public static class ModelSpecInference
{
    /// <summary>The spec the weights fit, or null when the keys belong to neither network.</summary>
    public static ModelSpec? FromStateDict(StateDict state)
    {
        if (state.TryGetValue("model_layer0.weight", out var first) && first.Rank == 4)
            return ModelSpec.ForHdnet(new HdnetConfig { Ngf = first.Shape[0], InputChannels = first.Shape[1] });

        if (state.ContainsKey("feature_extractor.patch_harmonizer.grid_weights"))
        {
            var enc = new int[7];
            for (int i = 0; i < 6; i++)
            {
                if (!state.TryGetValue($"encoder.{i}.0.weight", out var w) || w.Rank != 4) return null;
                enc[i] = w.Shape[1];
                enc[i + 1] = w.Shape[0];
            }
            var grids = new List<int>();
            while (state.TryGetValue($"normalizers.{grids.Count}.grid_weights", out var g) && g.Rank == 4) grids.Add(g.Shape[2]);
            if (grids.Count < 2) return null;
            return ModelSpec.ForPhnet(new PhnetConfig { EncSizes = enc, GridCounts = [.. grids] });
        }
        return null;
    }
}
