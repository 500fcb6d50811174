using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Ingest.ChargePoints.Registering;
using Roaming.Ingest.Commands;
using Roaming.Ingest.Connections;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Recording;
using Roaming.Platform.Hosting;
using Roaming.Platform.Http;

namespace Roaming.Ingest.ChargePoints.Getting;

/// <summary>
/// How sure <see cref="ConnectionStatus.Connected"/> is: <c>live</c> when this process knows (it holds the connection, or
/// it is the only ingest node); <c>recorded</c> when it comes from another node's connect/disconnect records, which a
/// node that died without recording the end leaves at connected until the charger reconnects.
/// </summary>
public static class ConnectionStatusSources
{
    public const string Live = "live";
    public const string Recorded = "recorded";
}

/// <param name="OcppVersion">The sub-protocol of the connection: <c>ocpp1.6</c> or <c>ocpp2.0.1</c>.</param>
/// <param name="Node">The ingest node that holds (or held) the connection (<c>Roaming:Ingest:NodeId</c>).</param>
/// <param name="LastFrameAt">When the latest OCPP frame with the charger (either direction) was recorded.</param>
public sealed record ConnectionStatus(
    [property: JsonPropertyName("connected")] bool Connected,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("ocpp_version")] string? OcppVersion,
    [property: JsonPropertyName("node")] string? Node,
    [property: JsonPropertyName("connected_at")] Instant? ConnectedAt,
    [property: JsonPropertyName("disconnected_at")] Instant? DisconnectedAt,
    [property: JsonPropertyName("last_frame_at")] Instant? LastFrameAt)
{
    /// <param name="live">This process's connection of the charger, if it has one.</param>
    /// <param name="onlyNode">This process is the only ingest node: a charger it does not hold is not connected.</param>
    public static ConnectionStatus Of(ChargePointPresence? presence, ChargePointConnection? live, bool onlyNode, IngestNode node, Instant? lastFrameAt)
    {
        if (live is not null)
            return new(true, ConnectionStatusSources.Live, live.Version.ToSubprotocol(), node.Id,
                presence?.ConnectionId == live.ConnectionId ? presence.ConnectedAt : null, null, lastFrameAt);
        if (onlyNode || presence?.NodeId == node.Id)
            // not held here, whatever was recorded (a process that stopped hard records no end of its connections)
            return new(false, ConnectionStatusSources.Live, presence?.OcppVersion, presence?.NodeId, presence?.ConnectedAt, presence?.DisconnectedAt, lastFrameAt);
        return new(presence?.Connected ?? false, ConnectionStatusSources.Recorded, presence?.OcppVersion, presence?.NodeId, presence?.ConnectedAt,
            presence?.DisconnectedAt, lastFrameAt);
    }
}

/// <summary>A registered charger as the operator sees it: never its password or the password's hash.</summary>
public sealed record ChargePointView(
    [property: JsonPropertyName("charge_point_id")] string ChargePointId,
    [property: JsonPropertyName("connectors")] IReadOnlyList<ConnectorMappingRequest> Connectors,
    [property: JsonPropertyName("connection")] ConnectionStatus Connection);

/// <summary><c>GET /api/charge-points</c> (by id, offset/limit) and <c>GET /api/charge-points/{id}</c>: registrations with their connection status.</summary>
public static class GetChargePoints
{
    public static void MapGetChargePoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/charge-points", async (IIngestStore store, ConnectionRegistry registry, IngestNode node, IOptions<RoamingOptions> roaming,
            int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var page = await session.Query<ChargePointRegistration>().OrderBy(r => r.Id).ToPageAsync(offset, limit, response, cancellation);
            return TypedResults.Ok(await Views(session, page, registry, node, IngestNode.IsOnlyNode(roaming.Value), cancellation));
        }).WithName("GetChargePoints");

        api.MapGet("/charge-points/{chargePointId}", async Task<Results<Ok<ChargePointView>, NotFound>> (string chargePointId, IIngestStore store,
            ConnectionRegistry registry, IngestNode node, IOptions<RoamingOptions> roaming, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var registration = await session.LoadAsync<ChargePointRegistration>(chargePointId, cancellation);
            return registration is null
                ? TypedResults.NotFound()
                : TypedResults.Ok((await Views(session, [registration], registry, node, IngestNode.IsOnlyNode(roaming.Value), cancellation))[0]);
        }).WithName("GetChargePoint");
    }

    /// <summary>The page's presences and frame-stream states in one round trip.</summary>
    private static async Task<IReadOnlyList<ChargePointView>> Views(IQuerySession session, IReadOnlyList<ChargePointRegistration> registrations,
        ConnectionRegistry registry, IngestNode node, bool onlyNode, CancellationToken cancellation)
    {
        if (registrations.Count == 0)
            return [];
        var batch = session.CreateBatchQuery();
        var presences = batch.LoadMany<ChargePointPresence>().ById(registrations.Select(r => ConnectionStreams.For(r.Id)).ToArray());
        var frames = registrations.Select(r => batch.Events.FetchStreamState(FrameStreams.For(r.Id))).ToList();
        await batch.Execute(cancellation);
        var presenceOf = (await presences).ToDictionary(p => p.ChargePointId);
        var views = new List<ChargePointView>(registrations.Count);
        for (var i = 0; i < registrations.Count; i++)
        {
            var registration = registrations[i];
            var lastFrameAt = await frames[i] is { } state ? Instant.FromDateTimeOffset(state.LastTimestamp) : (Instant?)null;
            views.Add(new ChargePointView(registration.Id, registration.Connectors.Select(ConnectorMappingRequest.Of).ToList(),
                ConnectionStatus.Of(presenceOf.GetValueOrDefault(registration.Id), registry.Find(registration.Id), onlyNode, node, lastFrameAt)));
        }
        return views;
    }
}
