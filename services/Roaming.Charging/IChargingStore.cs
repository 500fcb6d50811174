using Marten;

namespace Roaming.Charging;

/// <summary>Charging's own Marten store (schema <c>charging</c>): tariffs, sessions, CDRs.</summary>
public interface IChargingStore : IDocumentStore;
