using Marten;

namespace Roaming.Ochp;

/// <summary>
/// The OCHP service's own Marten store (schema <c>ochp</c>): what participants uploaded over OCHP as received
/// (authorisation lists, charge points, tariffs, live status) and its replica of participants and roaming connections.
/// </summary>
public interface IOchpStore : IDocumentStore;
