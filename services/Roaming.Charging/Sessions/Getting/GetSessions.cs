using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Charging.Authorizations;
using Roaming.Charging.Cdrs;
using Roaming.Charging.Cdrs.Issuing;
using Roaming.Charging.Cdrs.Ocpi;
using Roaming.Charging.Locations;
using Roaming.Charging.Sessions.Ocpi;
using Roaming.Charging.Tariffs;
using Roaming.Platform.Hosting;

using Roaming.Platform.Http;

namespace Roaming.Charging.Sessions.Getting;

/// <summary>
/// <c>GET /api/sessions</c> and <c>/api/sessions/{id}</c>: OCPI Session objects. While a session is active its kWh and
/// total_cost are running values, priced from the samples so far with the tariff valid at its start.
/// </summary>
public static class GetSessions
{
    public static void MapGetSessions(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sessions", async (IChargingStore store, CdrTokenHolders holders, IClock clock, IOptions<RoamingOptions> roaming, int? offset, int? limit, HttpResponse response, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var page = await SessionSamples.Complete(session, await session.Query<ChargingSession>().OrderByDescending(s => s.Started.StartedAt)
                .ToPageAsync(offset, limit, response, cancellation), cancellation);
            var result = new List<Session>(page.Count);
            foreach (var charging in page)
                result.Add(await ToOcpi(session, charging, clock.GetCurrentInstant(), roaming.Value.DefaultCurrency, cancellation));
            var tokens = await holders.Reveal(result.Select(s => s.CdrToken).ToList(), cancellation);
            return TypedResults.Ok(result.Select((s, index) => s with { CdrToken = tokens[index] }).ToList());
        }).WithName("GetSessions");

        api.MapGet("/sessions/{id}", async Task<Results<Ok<Session>, NotFound>> (string id, IChargingStore store, CdrTokenHolders holders, IClock clock,
            IOptions<RoamingOptions> roaming, CancellationToken cancellation) =>
        {
            await using var session = store.QuerySession();
            var stored = await session.LoadAsync<ChargingSession>(id, cancellation);
            if (stored is null)
                return TypedResults.NotFound();
            var charging = await SessionSamples.Complete(session, stored, cancellation);
            var found = await ToOcpi(session, charging, clock.GetCurrentInstant(), roaming.Value.DefaultCurrency, cancellation);
            return TypedResults.Ok(found with { CdrToken = await holders.Reveal(found.CdrToken, cancellation) });
        }).WithName("GetSession");
    }

    private static async Task<Session> ToOcpi(IQuerySession session, ChargingSession charging, Instant now, string defaultCurrency, CancellationToken cancellation)
    {
        var started = charging.Started;
        var cdr = await session.LoadAsync<IssuedCdr>(CdrIssuer.CdrIdFor(charging.Id), cancellation);
        Roaming.Protocols.Ocpi.Pricing.PricedSession? running = null;
        string currency = cdr?.Cdr.Currency ?? defaultCurrency;
        var inputs = await CdrInputsLoader.Load(session, charging, defaultCurrency, cancellation);
        var token = inputs?.Token ?? (started.TokenUid is null ? null : await session.LoadAsync<TokenSnapshot>(started.TokenUid, cancellation));
        if (cdr is null && inputs is not null)
        {
            running = CdrIssuer.PriceSoFar(inputs);
            currency = inputs.Tariff?.Tariff.Currency ?? defaultCurrency;
        }
        return new Session
        {
            CountryCode = started.CountryCode,
            PartyId = started.PartyId,
            Id = charging.Id,
            StartDateTime = started.StartedAt,
            EndDateTime = charging.Ended?.EndedAt,
            Kwh = charging.EnergyKwh,
            CdrToken = cdr?.Cdr.CdrToken ?? new Cdrs.Ocpi.CdrToken(token?.Token.CountryCode ?? started.CountryCode,
                token?.Token.PartyId ?? started.PartyId, started.TokenUid ?? "UNKNOWN", token?.Token.Type ?? "OTHER",
                token?.Token.ContractId ?? started.TokenUid ?? "UNKNOWN"),
            AuthMethod = started.OcpiAuthMethod,
            AuthorizationReference = started.AuthorizationReference,
            LocationId = started.LocationId,
            EvseUid = started.EvseUid,
            ConnectorId = started.ConnectorId,
            MeterId = started.ChargePointId,
            Currency = currency,
            ChargingPeriods = cdr?.Cdr.ChargingPeriods ?? running?.ChargingPeriods,
            TotalCost = cdr?.Cdr.TotalCost ?? running?.TotalCost,
            Status = charging.Ended is null ? "ACTIVE" : "COMPLETED",
            LastUpdated = cdr?.IssuedAt ?? now,
        };
    }
}
