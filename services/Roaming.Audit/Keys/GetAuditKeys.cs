using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Roaming.Audit.Keys;

/// <summary><c>GET /audit/keys</c>: every checkpoint verification key, PEM and JWK, public on purpose.</summary>
public static class GetAuditKeys
{
    public static IEndpointRouteBuilder MapGetAuditKeys(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/audit/keys", (SigningKeyRing keys) =>
            TypedResults.Json(new PublishedKeys(keys.Published.Select(k => k.ToPublished()).ToArray()), AuditJson.Options));
        return endpoints;
    }
}
