using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Ocpi.Hub.Routing;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Marten;

namespace Roaming.Ocpi.Hub.Joining;

public sealed record IssuedParticipantToken(
    [property: JsonPropertyName("partner_id")] string PartnerId,
    [property: JsonPropertyName("token_a")] string TokenA,
    [property: JsonPropertyName("versions_url")] string VersionsUrl);

/// <summary>
/// <c>POST /api/clearing/participants/{id}/ocpi</c>: the operator lets a clearing participant connect an OCPI platform to the
/// hub. The answer hands out token A (shown once, stored hashed) and the hub's versions URL; the platform registers with
/// them (credentials handshake at the hub), claiming only the participant's Operator-/Provider-IDs as its parties.
/// A participant may connect several platforms (e.g. one per role); each call issues a new one.
/// </summary>
public static class IssueParticipantToken
{
    public static HubPartnerCreated Decide(string partnerId, HubParticipant participant, string tokenA, Instant now) =>
        new(partnerId, participant.Id, participant.Name, TokenHash.Of(tokenA), now);

    public static void MapIssueParticipantToken(this IEndpointRouteBuilder api) =>
        api.MapPost("/clearing/participants/{id}/ocpi", async Task<Results<Created<IssuedParticipantToken>, ProblemHttpResult>> (string id,
            HttpContext http, IOcpiStore store, IClock clock, HubDirectory directory) =>
        {
            await using var session = store.LightweightSession();
            var participant = await session.LoadAsync<HubParticipant>(id, http.RequestAborted);
            if (participant is null)
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown participant",
                    detail: $"No clearing participant {id} is known to the OCPI service (participants come from Clearing)");
            var now = clock.GetCurrentInstant();
            var tokenA = TokenHash.NewToken();
            var created = Decide(Guid.CreateVersion7().ToString(), participant, tokenA, now);
            session.Stamp(EventContext.Operator(now));
            session.Events.StartStream<Partner>(created.PartnerId, created);
            await session.SaveChangesAsync(http.RequestAborted);
            directory.Changed();
            var answer = new IssuedParticipantToken(created.PartnerId, tokenA, HubUrls.VersionsUrl(OcpiUrls.BaseUrl(http.Request)));
            return TypedResults.Created($"/api/partners/{created.PartnerId}", answer);
        }).WithName("IssueHubParticipantToken");
}
