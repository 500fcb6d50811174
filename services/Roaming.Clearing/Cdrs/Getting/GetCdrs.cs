using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;
using Roaming.Platform.Http;

namespace Roaming.Clearing.Cdrs.Getting;

/// <summary>
/// <c>GET /api/clearing/cdrs?participant=&amp;status=&amp;from=&amp;to=</c> (newest upload first, paged; participant as
/// uploader or provider; from inclusive, to exclusive, on the upload's received time) and
/// <c>GET /api/clearing/cdrs/{id}</c> with the status history and the last check.
/// </summary>
public static class GetCdrs
{
    public static void MapGetCdrs(this IEndpointRouteBuilder api)
    {
        api.MapGet("/clearing/cdrs", async Task<Results<Ok<List<CdrSummaryView>>, ProblemHttpResult>> (IClearingStore store, string? participant, string? status,
            string? from, string? to, int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            Instant? fromInstant = null, toInstant = null;
            if (from is not null && !TryInstant(from, out fromInstant) || to is not null && !TryInstant(to, out toInstant))
                return TypedResults.Problem("from and to are ISO 8601 instants, e.g. 2026-12-01T00:00:00Z", statusCode: StatusCodes.Status400BadRequest);
            if (status is not null && !CdrStatuses.All.Contains(status))
                return TypedResults.Problem($"status is one of {string.Join(", ", CdrStatuses.All)}", statusCode: StatusCodes.Status400BadRequest);
            await using var session = store.QuerySession();
            IQueryable<ClearingCdr> query = session.Query<ClearingCdr>();
            if (participant is not null)
            {
                var providers = (await session.LoadAsync<Participants.Participant>(participant, cancellation))?.ProviderIds.ToArray() ?? [];
                query = query.Where(c => c.UploaderParticipantId == participant || c.ProviderId.IsOneOf(providers));
            }
            if (status is not null)
                query = query.Where(c => c.Status == status);
            if (fromInstant is { } since)
            {
                var sinceUtc = since.ToDateTimeOffset();
                query = query.Where(c => c.UploadedAtUtc >= sinceUtc);
            }
            if (toInstant is { } until)
            {
                var untilUtc = until.ToDateTimeOffset();
                query = query.Where(c => c.UploadedAtUtc < untilUtc);
            }
            var page = await query.OrderByDescending(c => c.UploadedAt).ThenByDescending(c => c.PositionInBatch).ThenBy(c => c.Id)
                .ToPageAsync(offset, limit, response, cancellation);
            return TypedResults.Ok(page.Select(CdrSummaryView.Of).ToList());
        }).WithName("GetClearingCdrs");

        api.MapGet("/clearing/cdrs/{id}", async Task<Results<Ok<CdrDetailView>, ProblemHttpResult>> (string id, IClearingStore store, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            return await session.LoadAsync<ClearingCdr>(id, cancellation) is { } cdr
                ? TypedResults.Ok(CdrDetailView.Of(cdr))
                : TypedResults.Problem($"no CDR {id}", statusCode: StatusCodes.Status404NotFound);
        }).WithName("GetClearingCdr");
    }

    private static bool TryInstant(string text, out Instant? instant)
    {
        var parsed = InstantPattern.ExtendedIso.Parse(text);
        instant = parsed.Success ? parsed.Value : null;
        return parsed.Success;
    }
}
