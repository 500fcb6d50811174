using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Roaming.Contracts.Validation;
using Roaming.Platform.Http;
using Roaming.Platform.Validation;

namespace Roaming.Charging.Cdrs.Attention.Getting;

/// <summary>
/// <c>GET /api/charging/cdrs/attention?state=open|completed|discarded</c> (newest first, offset/limit, every state when
/// absent) and <c>GET /api/charging/cdrs/attention/{id}</c> (with the meter values an unmapped transaction kept).
/// </summary>
public static class GetCdrsNeedingAttention
{
    public static void MapGetCdrsNeedingAttention(this IEndpointRouteBuilder api)
    {
        api.MapGet("/charging/cdrs/attention", async (IChargingStore store, string? state, int? offset, int? limit, HttpResponse response,
            ILoggerFactory loggers, CancellationToken cancellation) =>
        {
            if (state is not null && !AttentionStates.All.Contains(state))
            {
                loggers.CreateLogger(typeof(GetCdrsNeedingAttention)).LogWarning("CDRs needing attention asked for an unknown state {State}", state);
                return new FieldErrors().Add("state", $"'{state}' is not one of open, completed, discarded").ToProblem();
            }
            await using var session = store.QuerySession();
            var query = session.Query<CdrAttentionItem>().AsQueryable();
            if (state is not null)
                query = query.Where(a => a.State == state);
            var page = await query.OrderByDescending(a => a.RecordedAt).ToPageAsync(offset, limit, response, cancellation);
            return Results.Ok(page.Select(a => CdrAttentionView.Of(a)).ToList());
        }).WithName("GetCdrsNeedingAttention").Produces<List<CdrAttentionView>>().ProducesValidationProblem()
            .WithSummary("CDRs needing attention (state open, completed or discarded; all when absent), newest first, paged (offset, limit).");

        api.MapGet("/charging/cdrs/attention/{id}", async (string id, IChargingStore store, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var item = await session.LoadAsync<CdrAttentionItem>(id, cancellation);
            return item is null ? Results.NotFound() : Results.Ok(CdrAttentionView.Of(item, withSamples: true));
        }).WithName("GetCdrNeedingAttention").Produces<CdrAttentionView>().Produces(StatusCodes.Status404NotFound)
            .WithSummary("One CDR needing attention, with the meter values an unmapped transaction kept.");
    }
}
