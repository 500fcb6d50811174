using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Roaming.Contracts.Identifiers;
using Roaming.Platform.Http;
using Roaming.Platform.Marten;
using Roaming.Settlement.Agreements.Putting;

namespace Roaming.Settlement.Agreements.Getting;

/// <summary>
/// <c>GET /api/settlement/agreements?operator_id=&amp;provider_id=</c> (paged) and
/// <c>GET /api/settlement/agreements/{operator_id}/{provider_id}</c> with the history of its terms.
/// </summary>
public static class GetAgreements
{
    public static void MapGetAgreements(this IEndpointRouteBuilder api)
    {
        api.MapGet("/settlement/agreements", async Task<Results<Ok<List<AgreementView>>, ProblemHttpResult>> (ISettlementStore store,
            [Microsoft.AspNetCore.Mvc.FromQuery(Name = "operator_id")] string? operatorId, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "provider_id")] string? providerId,
            int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            if (!AgreementPartyFilter.TryParse(operatorId, providerId, out var parties))
                return TypedResults.Problem(AgreementPartyFilter.Problem, statusCode: StatusCodes.Status400BadRequest);
            await using var session = store.QuerySession();
            IQueryable<Agreement> query = session.Query<Agreement>();
            if (parties.OperatorId is { } op)
                query = query.Where(a => a.OperatorId == op);
            if (parties.ProviderId is { } provider)
                query = query.Where(a => a.ProviderId == provider);
            var page = await query.OrderBy(a => a.OperatorId).ThenBy(a => a.ProviderId).ToPageAsync(offset, limit, response, cancellation);
            return TypedResults.Ok(page.Select(a => AgreementView.Of(a)).ToList());
        }).WithName("GetSettlementAgreements");

        api.MapGet("/settlement/agreements/{operatorId}/{providerId}", async Task<Results<Ok<AgreementView>, ProblemHttpResult>> (string operatorId, string providerId,
            ISettlementStore store, CancellationToken cancellation) =>
        {
            var key = OperatorId.TryParse(operatorId, out var op) && ProviderId.TryParse(providerId, out var prov) ? Agreement.KeyOf(op.ToString(), prov.ToString()) : null;
            await using var session = store.QuerySession();
            if (key is null || await session.LoadAsync<Agreement>(key, cancellation) is not { } agreement)
                return TypedResults.Problem($"no agreement between {operatorId} and {providerId}", statusCode: StatusCodes.Status404NotFound, title: "Unknown agreement");
            var events = await session.Events.FetchStreamAsync(key, token: cancellation);
            return TypedResults.Ok(AgreementView.Of(agreement, History(events)));
        }).WithName("GetSettlementAgreement");
    }

    /// <summary>Every version of the terms, oldest first, each with the fields that changed against the one before.</summary>
    public static IReadOnlyList<AgreementHistoryView> History(IReadOnlyList<IEvent> events)
    {
        var history = new List<AgreementHistoryView>();
        AgreementTerms? before = null;
        foreach (var stored in events)
        {
            var (name, terms, effectiveFrom, actor, at) = stored.Data switch
            {
                AgreementMade made => ("made", made.Terms, made.EffectiveFrom, made.Actor, made.At),
                AgreementChanged changed => ("changed", changed.Terms, changed.EffectiveFrom, changed.Actor, changed.At),
                _ => default,
            };
            if (terms is null)
                continue;
            history.Add(new AgreementHistoryView(stored.Version, name, effectiveFrom, actor, at, PutAgreement.ChangedFields(before, terms), terms.Currency, terms.Period,
                terms.TimeZone, terms.Billing, terms.PaymentTermsDays, terms.CloseAfterDays, terms.Tolerance, terms.SettlesFrom,
                terms.VatRates.Select(VatRateWire.Of).ToList(), PartyWire.Of(terms.Issuer), PartyWire.Of(terms.Recipient)));
            before = terms;
        }
        return history;
    }
}
