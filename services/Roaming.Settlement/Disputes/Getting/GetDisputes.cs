using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Roaming.Contracts.Identifiers;
using Roaming.Platform.Http;

namespace Roaming.Settlement.Disputes.Getting;

/// <summary><c>GET /api/settlement/disputes?operator_id=&amp;provider_id=&amp;status=</c> (newest first, paged) and <c>GET /api/settlement/disputes/{id}</c>.</summary>
public static class GetDisputes
{
    public static readonly IReadOnlyList<string> Statuses = [DisputeStatuses.Open, DisputeStatuses.Accepted, DisputeStatuses.Rejected];

    public static void MapGetDisputes(this IEndpointRouteBuilder api)
    {
        api.MapGet("/settlement/disputes", async Task<Results<Ok<List<DisputeView>>, ProblemHttpResult>> (ISettlementStore store,
            [FromQuery(Name = "operator_id")] string? operatorId, [FromQuery(Name = "provider_id")] string? providerId, string? status,
            [FromQuery(Name = "cdr_id")] string? cdrId, int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            if (operatorId is not null && !OperatorId.TryParse(operatorId, out _) || providerId is not null && !ProviderId.TryParse(providerId, out _))
                return TypedResults.Problem("operator_id and provider_id are party ids such as DE*ABC", statusCode: StatusCodes.Status400BadRequest);
            if (status is not null && !Statuses.Contains(status))
                return TypedResults.Problem($"status is one of {string.Join(", ", Statuses)}", statusCode: StatusCodes.Status400BadRequest);
            await using var session = store.QuerySession();
            IQueryable<Dispute> query = session.Query<Dispute>();
            if (operatorId is not null)
            {
                var canonical = OperatorId.Parse(operatorId).ToString();
                query = query.Where(d => d.OperatorId == canonical);
            }
            if (providerId is not null)
            {
                var canonical = ProviderId.Parse(providerId).ToString();
                query = query.Where(d => d.ProviderId == canonical);
            }
            if (status is not null)
                query = query.Where(d => d.Status == status);
            if (cdrId is not null)
                query = query.Where(d => d.CdrId == cdrId);
            var page = await query.OrderByDescending(d => d.OpenedAt).ThenBy(d => d.Id).ToPageAsync(offset, limit, response, cancellation);
            return TypedResults.Ok(page.Select(DisputeView.Of).ToList());
        }).WithName("GetSettlementDisputes");

        api.MapGet("/settlement/disputes/{id}", async Task<Results<Ok<DisputeView>, ProblemHttpResult>> (string id, ISettlementStore store, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            return await session.LoadAsync<Dispute>(id, cancellation) is { } dispute
                ? TypedResults.Ok(DisputeView.Of(dispute))
                : TypedResults.Problem($"no dispute {id}", statusCode: StatusCodes.Status404NotFound, title: "Unknown dispute");
        }).WithName("GetSettlementDispute");
    }
}
