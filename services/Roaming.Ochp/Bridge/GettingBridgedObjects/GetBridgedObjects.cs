using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Platform.Http;

namespace Roaming.Ochp.Bridge.GettingBridgedObjects;

/// <summary>
/// <c>GET /api/ochp/bridge/objects?state=bridged|partly|refused|removed&amp;direction=ocpi-to-ochp|ochp-to-ocpi&amp;participant=&amp;module=</c>
/// (offset/limit): the bridge's last word on each object it saw, with the reasons for what did not map.
/// <c>GET /api/ochp/bridge/refusals</c> is the same list with only partly bridged and refused objects.
/// </summary>
public static class GetBridgedObjects
{
    public sealed record BridgedObjectView(
        [property: JsonPropertyName("direction")] string Direction,
        [property: JsonPropertyName("participant_id")] string ParticipantId,
        [property: JsonPropertyName("module")] string Module,
        [property: JsonPropertyName("owner")] string Owner,
        [property: JsonPropertyName("object_id")] string ObjectId,
        [property: JsonPropertyName("state")] string State,
        [property: JsonPropertyName("reasons")] IReadOnlyList<string> Reasons,
        [property: JsonPropertyName("at")] Instant At);

    private static readonly string[] States = [BridgedObject.Bridged, BridgedObject.Partly, BridgedObject.Refused, BridgedObject.Removed];
    private static readonly string[] Directions = [BridgeDirections.OcpiToOchp, BridgeDirections.OchpToOcpi];

    public static void MapGetBridgedObjects(this IEndpointRouteBuilder api)
    {
        api.MapGet("/ochp/bridge/objects", (IOchpStore store, string? state, string? direction, string? participant, string? module, int? offset, int? limit,
                HttpResponse response, CancellationToken cancellation) =>
            List(store, state is null ? null : [state], direction, participant, module, offset, limit, response, cancellation));
        api.MapGet("/ochp/bridge/refusals", (IOchpStore store, string? direction, string? participant, string? module, int? offset, int? limit,
                HttpResponse response, CancellationToken cancellation) =>
            List(store, [BridgedObject.Partly, BridgedObject.Refused], direction, participant, module, offset, limit, response, cancellation));
    }

    private static async Task<IResult> List(IOchpStore store, string[]? states, string? direction, string? participant, string? module, int? offset, int? limit,
        HttpResponse response, CancellationToken cancellation)
    {
        if (states is not null && !states.All(States.Contains))
            return Results.Problem($"state must be one of {string.Join(", ", States)}", statusCode: StatusCodes.Status400BadRequest);
        if (direction is not null && !Directions.Contains(direction))
            return Results.Problem($"direction must be one of {string.Join(", ", Directions)}", statusCode: StatusCodes.Status400BadRequest);
        await using var session = store.QuerySession();
        var query = session.Query<BridgedObject>().AsQueryable();
        if (states is not null)
            query = query.Where(o => o.State.IsOneOf(states));
        if (direction is not null)
            query = query.Where(o => o.Direction == direction);
        if (participant is not null)
            query = query.Where(o => o.ParticipantId == participant);
        if (module is not null)
            query = query.Where(o => o.Module == module);
        var page = await query.OrderBy(o => o.Id).ToPageAsync(offset, limit, response, cancellation);
        return Results.Ok(page.Select(o => new BridgedObjectView(o.Direction, o.ParticipantId, o.Module, o.Owner, o.ObjectId, o.State, o.Reasons, o.At)));
    }
}
