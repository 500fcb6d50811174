using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Roaming.Platform.Http;

namespace Roaming.Clearing.Participants.Getting;

/// <summary><c>GET /api/clearing/participants</c> (by id, offset/limit, <c>X-Total-Count</c>) and <c>GET /api/clearing/participants/{id}</c>.</summary>
public static class GetParticipants
{
    public static void MapGetParticipants(this IEndpointRouteBuilder api)
    {
        api.MapGet("/clearing/participants", async (IClearingStore store, int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var page = await session.Query<Participant>().OrderBy(p => p.Id).ToPageAsync(offset, limit, response, cancellation);
            return TypedResults.Ok(page.Select(ParticipantView.Of).ToList());
        }).WithName("GetParticipants");

        api.MapGet("/clearing/participants/{id}", async Task<Results<Ok<ParticipantView>, ProblemHttpResult>> (string id, IClearingStore store, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            return await session.LoadAsync<Participant>(id, cancellation) is { } participant
                ? TypedResults.Ok(ParticipantView.Of(participant))
                : TypedResults.Problem($"no participant {id}", statusCode: StatusCodes.Status404NotFound);
        }).WithName("GetParticipant");
    }
}
