using Marten;

namespace Roaming.Ocpi;

/// <summary>The OCPI service's own Marten store (schema <c>ocpi</c>): partners, OCPI objects (ours and partners'), deliveries, commands.</summary>
public interface IOcpiStore : IDocumentStore;
