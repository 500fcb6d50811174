using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Platform.Http;

namespace Roaming.Ochp.Client.Cdrs;

/// <summary>
/// <c>GET /api/ochp/client/cdrs?state=queued|accepted|implausible|refused|unmappable</c>: our CDRs as the remote
/// clearing house took them, newest change first (offset/limit). The contract id is not shown (it is in Charging's CDR).
/// </summary>
public static class GetOutboundCdrs
{
    public sealed record OutboundCdrView(
        [property: JsonPropertyName("cdr_id")] string CdrId,
        [property: JsonPropertyName("ochp_cdr_id")] string? OchpCdrId,
        [property: JsonPropertyName("evse_id")] string? EvseId,
        [property: JsonPropertyName("state")] string State,
        [property: JsonPropertyName("attempts")] int Attempts,
        [property: JsonPropertyName("last_result")] string? LastResult,
        [property: JsonPropertyName("problems")] IReadOnlyList<string> Problems,
        [property: JsonPropertyName("queued_at")] Instant QueuedAt,
        [property: JsonPropertyName("last_changed_at")] Instant LastChangedAt,
        [property: JsonPropertyName("next_attempt_at")] Instant? NextAttemptAt);

    public static void MapGetOutboundCdrs(this IEndpointRouteBuilder api)
    {
        api.MapGet("/ochp/client/cdrs", async (IOchpStore store, string? state, int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            OutboundCdrState? wanted = null;
            if (state is not null)
            {
                if (!Enum.TryParse<OutboundCdrState>(state, ignoreCase: true, out var parsed) || int.TryParse(state, out _))
                    return Results.Problem($"state must be one of {string.Join(", ", Enum.GetNames<OutboundCdrState>().Select(n => n.ToLowerInvariant()))}",
                        statusCode: StatusCodes.Status400BadRequest);
                wanted = parsed;
            }
            await using var session = store.QuerySession();
            var query = session.Query<OutboundCdr>().AsQueryable();
            if (wanted is { } filter)
                query = query.Where(c => c.State == filter);
            var page = await query.OrderByDescending(c => c.LastChangedAtMs).ThenBy(c => c.Id).ToPageAsync(offset, limit, response, cancellation);
            return Results.Ok(page.Select(c => new OutboundCdrView(c.SourceCdrId, c.OchpCdrId, c.EvseId, c.State.ToString().ToLowerInvariant(), c.Attempts,
                c.LastResult, c.Problems, c.QueuedAt, c.LastChangedAt, c.State == OutboundCdrState.Queued ? c.NextAttemptAt : null)));
        }).WithName("GetOchpClientCdrs");
    }
}
