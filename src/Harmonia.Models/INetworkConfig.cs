namespace Harmonia.Models;

/// <summary>The settings of one network architecture (e.g. <see cref="Hdnet.HdnetConfig"/>): enough to build it.</summary>
public interface INetworkConfig
{
    /// <summary>Throws an <see cref="ArgumentException"/> on settings the network cannot be built with.</summary>
    void Validate();
}
