using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Roaming.Audit.Checkpoints;

/// <summary><c>POST /api/audit/checkpoints</c>: sign now, answer with the latest checkpoint of every sealed log.</summary>
public static class SignCheckpointsNow
{
    public static RouteGroupBuilder MapSignCheckpointsNow(this RouteGroupBuilder operatorApi)
    {
        operatorApi.MapPost("/audit/checkpoints", async (CheckpointSigner signer, CancellationToken cancellation) =>
            TypedResults.Ok(await signer.SignChanged(cancellation)));
        return operatorApi;
    }
}
