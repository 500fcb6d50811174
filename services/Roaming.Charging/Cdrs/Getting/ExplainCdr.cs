using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Roaming.Charging.Cdrs.Issuing;
using Roaming.Protocols.Ocpi.Pricing;
using Roaming.Charging.Sessions;
using Roaming.Charging.Tariffs;

namespace Roaming.Charging.Cdrs.Getting;

public sealed record CdrExplanation(string CdrId, string? TariffId, int? TariffVersion, string TimeZone, IReadOnlyList<PricingLine> Lines, string Text);

/// <summary>
/// <c>GET /api/cdrs/{id}/explain</c>: which tariff element and price component priced which volume. Recomputed from the
/// recorded session with the tariff version and zone the CDR was issued with, so it is exactly what priced the CDR.
/// </summary>
public static class ExplainCdr
{
    public static void MapExplainCdr(this IEndpointRouteBuilder api) =>
        api.MapGet("/cdrs/{id}/explain", async Task<Results<Ok<CdrExplanation>, NotFound>> (string id, IChargingStore store, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var cdr = await session.LoadAsync<IssuedCdr>(id, cancellation);
            var stored = cdr is null ? null : await session.LoadAsync<ChargingSession>(cdr.SessionId, cancellation);
            if (cdr is null || stored?.Ended is null)
                return TypedResults.NotFound();
            var charging = await SessionSamples.Complete(session, stored, cancellation);
            var history = cdr.TariffKey is null ? null : await session.LoadAsync<TariffHistory>(cdr.TariffKey, cancellation);
            var version = history?.Versions.FirstOrDefault(v => v.Version == cdr.TariffVersion);
            if (version is null)
                return TypedResults.Ok(new CdrExplanation(id, null, null, cdr.TimeZone, [], "Not priced: the connector had no tariff."));
            var priced = CdrIssuer.Price(version, cdr.TimeZone, charging, stored.Ended.EndedAt, stored.Ended.MeterStopWh);
            return TypedResults.Ok(new CdrExplanation(id, version.Tariff.Id, version.Version, cdr.TimeZone, priced.Explanation, priced.Describe()));
        }).WithName("ExplainCdr");
}
