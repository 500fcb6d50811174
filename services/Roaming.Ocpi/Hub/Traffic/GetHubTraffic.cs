using System.Text.Json.Serialization;
using Marten;
using Marten.Events.Projections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Contracts.Validation;
using Roaming.Platform.Validation;

namespace Roaming.Ocpi.Hub.Traffic;

/// <summary>One recorded hub call as the operator API lists it (the read model of <see cref="HubTrafficRecorded"/>).</summary>
public sealed record HubTrafficEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("request_id")] string RequestId,
    [property: JsonPropertyName("correlation_id")] string CorrelationId,
    [property: JsonPropertyName("platform_id")] string PlatformId,
    [property: JsonPropertyName("participant_id")] string ParticipantId,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string? To,
    [property: JsonPropertyName("receiver_platform_id")] string? ReceiverPlatformId,
    [property: JsonPropertyName("module")] string Module,
    [property: JsonPropertyName("interface_role")] string InterfaceRole,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("object_id")] string? ObjectId,
    [property: JsonPropertyName("result")] string Result,
    [property: JsonPropertyName("http_status")] int HttpStatus,
    [property: JsonPropertyName("ocpi_status")] int? OcpiStatus,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("duration_ms")] double DurationMs,
    [property: JsonPropertyName("at")] Instant At)
{
    /// <summary>The instant as SQL orders it (Instants are stored as text).</summary>
    [JsonPropertyName("at_utc")]
    public DateTimeOffset AtUtc => At.ToDateTimeOffset();
}

/// <summary>
/// Inline: the entry commits with its event, so the operator API lists a call as soon as it was answered. One entry per
/// event (a group commit appends many calls to one stream), identified by the event's id.
/// </summary>
public sealed partial class HubTrafficEntryProjection : EventProjection
{
    // An insert, not an upsert: every event makes a new entry, and a plain insert is the cheapest write per call.
    public void Project(JasperFx.Events.IEvent<HubTrafficRecorded> recorded, IDocumentOperations operations)
    {
        var e = recorded.Data;
        operations.Insert(new HubTrafficEntry(recorded.Id.ToString(), e.RequestId, e.CorrelationId, e.PlatformId, e.ParticipantId, e.From, e.To,
            e.ReceiverPlatformId, e.Module, e.InterfaceRole, e.Method, e.ObjectId, e.Result, e.HttpStatus, e.OcpiStatus, e.Message, e.DurationMs, e.At));
    }
}

/// <summary>
/// <c>GET /api/hub/traffic?party=&amp;module=&amp;result=&amp;offset=&amp;limit=</c>: the hub's recorded calls, newest first, paged in
/// the database (<c>X-Total-Count</c>); <c>party</c> (<c>CC*PID</c>) matches the calling or the receiving party.
/// </summary>
public static class GetHubTraffic
{
    public const int MaxLimit = 500;

    public static void MapGetHubTraffic(this IEndpointRouteBuilder api) =>
        api.MapGet("/hub/traffic", async Task<Results<Ok<IReadOnlyList<HubTrafficEntry>>, ValidationProblem>> (string? party, string? module, string? result,
            int? offset, int? limit, HttpContext http, IOcpiStore store) =>
        {
            var errors = new FieldErrors();
            var wanted = party is null ? null : Partners.PartyText.Parse(party);
            if (party is not null && wanted is null)
                errors.Add("party", "must be a party as CC*PID, e.g. NL*ABC");
            if (result is not null && !HubTrafficResults.All.Contains(result))
                errors.Add("result", $"must be one of {string.Join(", ", HubTrafficResults.All)}");
            if (offset < 0)
                errors.Add("offset", "must be 0 or more");
            if (limit is < 1 or > MaxLimit)
                errors.Add("limit", $"must be 1 to {MaxLimit}");
            if (!errors.IsValid)
                return errors.ToProblem();

            await using var session = store.QuerySession();
            IQueryable<HubTrafficEntry> query = session.Query<HubTrafficEntry>();
            if (wanted is { } p)
            {
                var id = $"{p.CountryCode}*{p.PartyId}";
                query = query.Where(e => e.From == id || e.To == id);
            }
            if (module is not null)
                query = query.Where(e => e.Module == module.ToLowerInvariant());
            if (result is not null)
                query = query.Where(e => e.Result == result);
            var total = await query.CountAsync(http.RequestAborted);
            var page = await query.OrderByDescending(e => e.AtUtc).Skip(offset ?? 0).Take(limit ?? 100).ToListAsync(http.RequestAborted);
            http.Response.Headers["X-Total-Count"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Ok<IReadOnlyList<HubTrafficEntry>>(page);
        }).WithName("GetHubTraffic");
}
