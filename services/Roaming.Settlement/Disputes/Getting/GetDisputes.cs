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
            if (!AgreementPartyFilter.TryParse(operatorId, providerId, out var parties))
                return TypedResults.Problem(AgreementPartyFilter.Problem, statusCode: StatusCodes.Status400BadRequest);
            if (status is not null && !Statuses.Contains(status))
                return TypedResults.Problem($"status is one of {string.Join(", ", Statuses)}", statusCode: StatusCodes.Status400BadRequest);
            await using var session = store.QuerySession();
            IQueryable<Dispute> query = session.Query<Dispute>();
            if (parties.OperatorId is { } op)
                query = query.Where(d => d.OperatorId == op);
            if (parties.ProviderId is { } provider)
                query = query.Where(d => d.ProviderId == provider);
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
