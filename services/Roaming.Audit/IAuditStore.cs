using Marten;

namespace Roaming.Audit;

/// <summary>The audit service's own event store: signed checkpoints and the access trail, sealed like every other log.</summary>
public interface IAuditStore : IDocumentStore;
