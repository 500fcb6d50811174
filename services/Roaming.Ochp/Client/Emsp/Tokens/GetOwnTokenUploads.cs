using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roaming.Platform.Http;

namespace Roaming.Ochp.Client.Emsp.Tokens;

/// <summary>
/// <c>GET /api/ochp/client/tokens?state=refused</c>: our tokens on the clearing house's authorisation list (queued,
/// accepted, refused with the reason), by uid. Contract ids stay encrypted here; the token itself is in <c>/api/tokens</c>.
/// </summary>
public static class GetOwnTokenUploads
{
    public sealed record View(
        [property: JsonPropertyName("token")] string TokenKey,
        [property: JsonPropertyName("uid")] string Uid,
        [property: JsonPropertyName("state")] string State,
        [property: JsonPropertyName("reason")] string? Reason,
        [property: JsonPropertyName("expiry_date")] NodaTime.Instant? ExpiryDate,
        [property: JsonPropertyName("changed_at")] NodaTime.Instant ChangedAt,
        [property: JsonPropertyName("answered_at")] NodaTime.Instant? AnsweredAt);

    public static void MapGetOwnTokenUploads(this IEndpointRouteBuilder api) =>
        api.MapGet("/ochp/client/tokens", async (IOchpStore store, string? state, int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var query = session.Query<OwnTokenUpload>().AsQueryable();
            if (state is not null)
                query = query.Where(t => t.State == state);
            var page = await query.OrderBy(t => t.Uid).ToPageAsync(offset, limit, response, cancellation);
            return TypedResults.Ok(page.Select(t => new View(t.TokenKey, t.Uid, t.State, t.Reason, t.ExpiryDate, t.ChangedAt, t.AnsweredAt)).ToList());
        }).WithName("GetOchpClientTokens")
        .WithSummary("Our e-MSP tokens on the OCHP clearing house's authorisation list: queued, accepted or refused (with the reason).");
}
