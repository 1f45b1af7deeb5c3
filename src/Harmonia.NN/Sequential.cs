using Harmonia.Tensors;

namespace Harmonia.NN;

/// <summary>Layers applied in order, named "0", "1", … like PyTorch's <c>nn.Sequential</c>.</summary>
public class Sequential : Layer
{
    private readonly Layer[] layers;

    /// <summary>Chains <paramref name="layers"/>.</summary>
    public Sequential(params Layer[] layers)
    {
        this.layers = layers;
        for (int i = 0; i < layers.Length; i++) RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), layers[i]);
    }

    /// <summary>The i-th layer.</summary>
    public Layer this[int index] => layers[index];

    /// <summary>How many layers there are.</summary>
    public int Count => layers.Length;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        var input = x;
        foreach (var layer in layers)
        {
            var y = layer.Forward(x);
            // In inference an intermediate is dead once the next layer has read it; handing its
            // buffer back at once keeps a long chain at high resolution from holding every step.
            // (Identity returns its input; views only drop a reference.)
            if (!ReferenceEquals(x, input) && !ReferenceEquals(x, y)) TensorScope.Release(x);
            x = y;
        }
        return x;
    }
}

/// <summary>A list of modules named "0", "1", …, like PyTorch's <c>nn.ModuleList</c>; the owner decides how to call them.</summary>
public sealed class ModuleList<T> : Module where T : Module
{
    private readonly T[] items;

    /// <summary>Holds <paramref name="items"/>.</summary>
    public ModuleList(IEnumerable<T> items)
    {
        this.items = items.ToArray();
        for (int i = 0; i < this.items.Length; i++) RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), this.items[i]);
    }

    /// <summary>The i-th module.</summary>
    public T this[int index] => items[index];

    /// <summary>How many modules there are.</summary>
    public int Count => items.Length;
}
