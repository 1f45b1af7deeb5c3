using Harmonia.NN;
using Harmonia.NN.Layers;
using Harmonia.Tensors.Random;

namespace Harmonia.Models.Hdnet;

/// <summary>
/// The authors' initialisation for training HDNet from scratch (pix2pix style): every
/// convolution and linear weight from N(0, 0.02²), their biases zero, batch-norm scales from
/// N(1, 0.02²). RAIN's γ and β keep their zero start.
/// </summary>
public static class HdnetInit
{
    /// <summary>Re-initialises <paramref name="network"/> in place.</summary>
    public static void Apply(Module network, RandomGenerator rng, double gain = 0.02)
    {
        foreach (var module in network.Modules())
        {
            switch (module)
            {
                case Conv2d c: Reset(c.Weight, c.Bias); break;
                case ConvTranspose2d c: Reset(c.Weight, c.Bias); break;
                case Conv1d c: Reset(c.Weight, c.Bias); break;
                case Linear l: Reset(l.Weight, l.Bias); break;
                case BatchNorm2d b:
                    Init.Normal(b.Weight, rng, 1, gain);
                    Init.Constant(b.Bias, 0);
                    break;
            }
        }

        void Reset(Harmonia.Tensors.Tensor weight, Harmonia.Tensors.Tensor? bias)
        {
            Init.Normal(weight, rng, 0, gain);
            if (bias is not null) Init.Constant(bias, 0);
        }
    }
}
