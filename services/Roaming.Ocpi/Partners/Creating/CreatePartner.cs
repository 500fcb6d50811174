using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Marten;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Contracts.Validation;

namespace Roaming.Ocpi.Partners.Creating;

public sealed record CreatePartnerRequest([property: JsonPropertyName("name")] string? Name);

public sealed record CreatedPartner(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("token_a")] string TokenA,
    [property: JsonPropertyName("versions_url")] string VersionsUrl);

/// <summary><c>POST /api/partners</c>: the operator creates a partner; the answer hands out token A (shown once, stored hashed) and our versions URL.</summary>
public static class CreatePartner
{
    public static PartnerCreated Decide(string partnerId, string name, string tokenA, Instant now) =>
        new(partnerId, name.Trim(), TokenHash.Of(tokenA), now);

    public static void MapCreatePartner(this IEndpointRouteBuilder api) =>
        api.MapPost("/partners", async Task<Results<Ok<CreatedPartner>, ValidationProblem>> (CreatePartnerRequest request, HttpContext http,
            IOcpiStore store, IClock clock) =>
        {
            var errors = new FieldErrors();
            errors.RequiredString("name", request.Name, 100);
            if (!errors.IsValid)
                return errors.ToProblem();
            var now = clock.GetCurrentInstant();
            var tokenA = TokenHash.NewToken();
            var created = Decide(Guid.CreateVersion7().ToString(), request.Name!, tokenA, now);
            await using var session = store.LightweightSession().Stamp(EventContext.Operator(now));
            session.Events.StartStream<Partner>(created.PartnerId, created);
            await session.SaveChangesAsync(http.RequestAborted);
            return TypedResults.Ok(new CreatedPartner(created.PartnerId, tokenA, OcpiUrls.VersionsUrl(OcpiUrls.BaseUrl(http.Request))));
        }).WithName("CreateOcpiPartner");
}
