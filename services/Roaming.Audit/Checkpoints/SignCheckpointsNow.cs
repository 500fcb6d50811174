using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Roaming.Audit.Checkpoints;

/// <summary>
/// <c>POST /api/audit/checkpoints</c>: sign now, answer with the latest checkpoint of every sealed log. Written with
/// <see cref="AuditJson"/>, not the wire options: those cut instants to milliseconds, and the signature covers the full instant.
/// </summary>
public static class SignCheckpointsNow
{
    public static RouteGroupBuilder MapSignCheckpointsNow(this RouteGroupBuilder operatorApi)
    {
        operatorApi.MapPost("/audit/checkpoints", async (CheckpointSigner signer, CancellationToken cancellation) =>
            TypedResults.Json(await signer.SignChanged(cancellation), AuditJson.Options));
        return operatorApi;
    }
}
