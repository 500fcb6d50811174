using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Roaming.Contracts.Identifiers;
using Roaming.Platform.Http;

namespace Roaming.Settlement.Ledger.Getting;

/// <summary>
/// <c>GET /api/settlement/ledger?operator_id=&amp;provider_id=&amp;state=&amp;cdr_id=</c> (newest session first, paged) and
/// <c>GET /api/settlement/ledger/{operator_id}/{cdr_id}</c> with the CDR's ledger history.
/// </summary>
public static class GetLedger
{
    public static readonly IReadOnlyList<string> States = [LedgerStates.Pending, LedgerStates.Billable, LedgerStates.Held, LedgerStates.Withdrawn];

    public static void MapGetLedger(this IEndpointRouteBuilder api)
    {
        api.MapGet("/settlement/ledger", async Task<Results<Ok<List<LedgerCdrView>>, ProblemHttpResult>> (ISettlementStore store,
            [FromQuery(Name = "operator_id")] string? operatorId, [FromQuery(Name = "provider_id")] string? providerId, string? state,
            [FromQuery(Name = "cdr_id")] string? cdrId, int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            if (!AgreementPartyFilter.TryParse(operatorId, providerId, out var parties))
                return TypedResults.Problem(AgreementPartyFilter.Problem, statusCode: StatusCodes.Status400BadRequest);
            if (state is not null && !States.Contains(state))
                return TypedResults.Problem($"state is one of {string.Join(", ", States)}", statusCode: StatusCodes.Status400BadRequest);
            await using var session = store.QuerySession();
            IQueryable<LedgerCdr> query = session.Query<LedgerCdr>();
            if (parties.OperatorId is { } op)
                query = query.Where(c => c.OperatorId == op);
            if (parties.ProviderId is { } provider)
                query = query.Where(c => c.ProviderId == provider);
            if (state is not null)
                query = query.Where(c => c.State == state);
            if (cdrId is not null)
                query = query.Where(c => c.CdrId == cdrId);
            var page = await query.OrderByDescending(c => c.SessionStart).ThenBy(c => c.Id).ToPageAsync(offset, limit, response, cancellation);
            return TypedResults.Ok(page.Select(c => LedgerCdrView.Of(c)).ToList());
        }).WithName("GetSettlementLedger");

        api.MapGet("/settlement/ledger/{operatorId}/{cdrId}", async Task<Results<Ok<LedgerCdrView>, ProblemHttpResult>> (string operatorId, string cdrId,
            ISettlementStore store, CancellationToken cancellation) =>
        {
            var key = OperatorId.TryParse(operatorId, out var op) ? LedgerKeys.For(op.ToString(), cdrId) : null;
            await using var session = store.QuerySession();
            if (key is null || await session.LoadAsync<LedgerCdr>(key, cancellation) is not { } cdr)
                return TypedResults.Problem($"no CDR {cdrId} of {operatorId} in the ledger", statusCode: StatusCodes.Status404NotFound, title: "Unknown CDR");
            var events = await session.Events.FetchStreamAsync(key, token: cancellation);
            return TypedResults.Ok(LedgerCdrView.Of(cdr, LedgerEntryView.Of(events)));
        }).WithName("GetSettlementLedgerCdr");
    }
}
