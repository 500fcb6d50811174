using Marten;

namespace Roaming.Clearing;

/// <summary>Clearing's own Marten store (schema <c>clearing</c>): participants, roaming connections and the CDR clearing workflow.</summary>
public interface IClearingStore : IDocumentStore;
