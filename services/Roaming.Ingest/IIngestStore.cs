using Marten;

namespace Roaming.Ingest;

/// <summary>Ingest's own Marten store (schema <c>ingest</c>).</summary>
public interface IIngestStore : IDocumentStore;
