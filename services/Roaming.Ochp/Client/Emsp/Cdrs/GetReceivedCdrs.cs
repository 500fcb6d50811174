using System.Text.Json.Serialization;
using Marten;
using NodaTime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roaming.Platform.Http;

namespace Roaming.Ochp.Client.Emsp.Cdrs;

/// <summary>
/// <c>GET /api/ochp/client/received-cdrs?state=&amp;decision=</c>: the CDRs our e-MSP role received over OCHP, newest first,
/// with our decision (approved / declined), the re-pricing outcome and differences, the reason of a decline, and whether
/// the clearing house took the decision (state reconciling, to_confirm, confirmed, confirmation_refused).
/// </summary>
public static class GetReceivedCdrs
{
    public sealed record View(
        [property: JsonPropertyName("cdr_id")] string CdrId,
        [property: JsonPropertyName("evse_id")] string EvseId,
        [property: JsonPropertyName("operator_id")] string OperatorId,
        [property: JsonPropertyName("clearing_status")] string ClearingStatus,
        [property: JsonPropertyName("round")] int Round,
        [property: JsonPropertyName("state")] string State,
        [property: JsonPropertyName("decision")] string? Decision,
        [property: JsonPropertyName("outcome")] string? Outcome,
        [property: JsonPropertyName("reason")] string? Reason,
        [property: JsonPropertyName("differences")] IReadOnlyList<Difference> Differences,
        [property: JsonPropertyName("tariff_id")] string? TariffId,
        [property: JsonPropertyName("currency")] string Currency,
        [property: JsonPropertyName("total_cost")] decimal? TotalCost,
        [property: JsonPropertyName("clearing_house_answer")] string? Answer,
        [property: JsonPropertyName("received_at")] Instant ReceivedAt,
        [property: JsonPropertyName("decided_at")] Instant? DecidedAt,
        [property: JsonPropertyName("confirmed_at")] Instant? ConfirmedAt)
    {
        public static View Of(ReceivedCdr cdr) => new(cdr.CdrId, cdr.EvseId, $"{cdr.CountryCode}*{cdr.PartyId}", cdr.ClearingStatus, cdr.Round, cdr.State,
            cdr.Decision, cdr.Outcome, cdr.Reason, cdr.Differences.Select(d => new Difference(d.Total, d.Theirs, d.Ours)).ToList(), cdr.TariffId,
            cdr.Currency, cdr.TotalCost, cdr.Answer, cdr.ReceivedAt, cdr.DecidedAt, cdr.ConfirmedAt);
    }

    public sealed record Difference(
        [property: JsonPropertyName("total")] string Total,
        [property: JsonPropertyName("theirs")] decimal? Theirs,
        [property: JsonPropertyName("ours")] decimal? Ours);

    public static void MapGetReceivedCdrs(this IEndpointRouteBuilder api) =>
        api.MapGet("/ochp/client/received-cdrs", async (IOchpStore store, string? state, string? decision, int? offset, int? limit, HttpResponse response,
            CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var query = session.Query<ReceivedCdr>().AsQueryable();
            if (state is not null)
                query = query.Where(c => c.State == state);
            if (decision is not null)
                query = query.Where(c => c.Decision == decision);
            var page = await query.OrderByDescending(c => c.ReceivedAt).ToPageAsync(offset, limit, response, cancellation);
            return TypedResults.Ok(page.Select(View.Of).ToList());
        }).WithName("GetOchpClientReceivedCdrs")
        .WithSummary("CDRs received over OCHP as e-MSP: our decision (approved/declined), its reason and whether the clearing house took it.");
}
