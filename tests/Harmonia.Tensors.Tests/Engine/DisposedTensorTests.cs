using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Engine;

/// <summary>Using a tensor after <see cref="Tensor.Dispose"/> must fail loudly, never compute on a recycled buffer.</summary>
public class DisposedTensorTests
{
    [Fact]
    public void OpsOnADisposedTensorThrow()
    {
        using var _ = Autograd.NoGrad();
        var x = Tensor.Ones(3, 5);
        x.Dispose();
        Assert.Throws<ObjectDisposedException>(() => x.Data);
        Assert.Throws<ObjectDisposedException>(() => Exp(x));
        Assert.Throws<ObjectDisposedException>(() => Add(x, x));
        Assert.Throws<ObjectDisposedException>(() => Sum(x));
        Assert.Contains("disposed", x.ToString());
    }

    [Fact]
    public void AViewStaysUsableAfterItsSourceIsDisposed()
    {
        using var _ = Autograd.NoGrad();
        var x = Tensor.Full([2, 3], 4f);
        var view = x.Reshape(6);
        x.Dispose();
        Assert.Equal(24f, Sum(view).Item());
        view.Dispose();
    }
}
