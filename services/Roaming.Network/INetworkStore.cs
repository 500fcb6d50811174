using Marten;

namespace Roaming.Network;

/// <summary>Network's own Marten store (schema <c>network</c>): locations, EVSEs, connectors.</summary>
public interface INetworkStore : IDocumentStore;
