using Marten;
using Marten.Events.Aggregation;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Ingest.Commands;
using Roaming.Ingest.Ocpp;
using Roaming.Platform.Marten;

namespace Roaming.Ingest.Connections;

// A charger's connections, in a stream of their own (ConnectionStreams): kept out of the fact stream, whose snapshot the
// connection writes, and out of the frame stream, which is evidence. They are what another node knows of a connection
// (the ConnectionRegistry is per process).

/// <summary>A charger's WebSocket was accepted on <paramref name="NodeId"/> (see <see cref="IngestNode"/>).</summary>
/// <param name="OcppVersion">The sub-protocol: <c>ocpp1.6</c> or <c>ocpp2.0.1</c>.</param>
public sealed record ChargePointConnected(string ChargePointId, Guid ConnectionId, string NodeId, string OcppVersion, Instant At);

/// <summary>That connection ended (closed, dropped, idle, or replaced by a newer one).</summary>
public sealed record ChargePointDisconnected(string ChargePointId, Guid ConnectionId, Instant At);

public static class ConnectionStreams
{
    public static string For(string chargePointId) => $"{chargePointId}/connections";
}

/// <summary>
/// A charger's latest connection as recorded. A replaced connection's end is recorded after its successor began, so
/// only the end of the current connection makes it disconnected. A node that dies records no end: its chargers read
/// connected until they reconnect elsewhere (the charge-point read says how sure it is).
/// </summary>
public sealed record ChargePointPresence(string Id, string ChargePointId, Guid ConnectionId, string NodeId, string OcppVersion, Instant ConnectedAt,
    Instant? DisconnectedAt)
{
    public bool Connected => DisconnectedAt is null;
}

public sealed class ChargePointPresenceProjection : SingleStreamProjection<ChargePointPresence, string>
{
    public static ChargePointPresence Create(ChargePointConnected connected) => Connect(connected);

    public static ChargePointPresence Apply(ChargePointConnected connected, ChargePointPresence _) => Connect(connected);

    public static ChargePointPresence Apply(ChargePointDisconnected disconnected, ChargePointPresence presence) =>
        disconnected.ConnectionId == presence.ConnectionId ? presence with { DisconnectedAt = disconnected.At } : presence;

    private static ChargePointPresence Connect(ChargePointConnected connected) => new(ConnectionStreams.For(connected.ChargePointId),
        connected.ChargePointId, connected.ConnectionId, connected.NodeId, connected.OcppVersion, connected.At, null);
}

/// <summary>Records connections beginning and ending. A failed write is logged, never fails the charger's connection.</summary>
public sealed class ConnectionPresence(IIngestStore store, IngestNode node, IClock clock, ILogger<ConnectionPresence> logger)
{
    public Task Connected(ChargePointConnection connection) =>
        Record(connection.ChargePointId, new ChargePointConnected(connection.ChargePointId, connection.ConnectionId, node.Id,
            connection.Version.ToSubprotocol(), clock.GetCurrentInstant()));

    public Task Disconnected(ChargePointConnection connection) =>
        Record(connection.ChargePointId, new ChargePointDisconnected(connection.ChargePointId, connection.ConnectionId, clock.GetCurrentInstant()));

    private async Task Record(string chargePointId, object fact)
    {
        try
        {
            await using var session = store.LightweightSession();
            session.Stamp(EventContext.ChargePoint(chargePointId, clock.GetCurrentInstant()));
            // Locked: a reconnect on another node records its start while this node records the old connection's end (StreamLocks).
            var stream = await session.Events.FetchForExclusiveWriting<ChargePointPresence>(ConnectionStreams.For(chargePointId), CancellationToken.None);
            stream.AppendOne(fact);
            await session.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Could not record {Fact} of {ChargePoint}", fact.GetType().Name, chargePointId);
        }
    }
}
