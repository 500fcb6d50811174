using System.Net;
using System.Net.Http.Json;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Settlement.Reimbursement.Sessions;
using Roaming.Settlement.Tests.Integration;
using Shouldly;
using Xunit;

namespace Roaming.Settlement.Tests.Reimbursement;

/// <summary>
/// A home charger's meter values and its stop are consumed at the same time, on real PostgreSQL with the real consumer.
/// Whatever the interleaving, the home session's document must be the fold of its events: a lost update (a consumer's
/// fold of an older document committed last) drops readings, or the stop, and the session is then reimbursed for less
/// energy, or never.
/// </summary>
public sealed class HomeSessionRaceTests(SettlementHost host) : IClassFixture<SettlementHost>
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Meter_values_and_the_stop_consumed_at_the_same_time_all_reach_the_home_session()
    {
        var employer = $"acme-{_run}";
        var chargePoint = $"CP-{_run}";
        (await host.Api.PutAsJsonAsync($"/api/settlement/employers/{employer}", new
        {
            name = "ACME GmbH", currency = "EUR", time_zone = "Europe/Berlin", include_roaming_cdrs = false,
            reimbursement_rates = new[] { new { country = "DE", year = 2026, rate_per_kwh = 0.3258m, source = "BDEW household price 2026" } },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await host.Api.PutAsJsonAsync($"/api/settlement/employers/{employer}/employees/erika", new
        {
            employee_number = "4711", name = "Erika", country = "DE", meter_ids = new[] { $"MID-{_run}" }, charge_point_ids = new[] { chargePoint },
            token_uids = Array.Empty<string>(), reimbursement_rate = new { employer_rate = true },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        const int transactions = 6;
        const int meterValues = 12;
        var started = Instant.FromUtc(2026, 11, 20, 17, 0);
        var keys = Enumerable.Range(1, transactions).Select(t => HomeSession.TransactionKey(chargePoint, $"tx-{t}")).ToArray();
        for (var t = 1; t <= transactions; t++)
            await host.Publish(new ChargingTransactionStarted(chargePoint, $"tx-{t}", "1.6", 1, 1, null, "TAG", 5_000m, started, started, false, "Accepted"));

        var consumed = Enumerable.Range(1, transactions).SelectMany(t => Enumerable.Range(1, meterValues).Select(m => Task.Run(() => m == meterValues
            ? host.Publish(new ChargingTransactionStopped(chargePoint, $"tx-{t}", 12_000m, "Local", "TAG", started + Duration.FromHours(2),
                started + Duration.FromHours(2), false, false))
            : host.Publish(new MeterValuesReported(chargePoint, $"tx-{t}",
                [new MeterSample(started + Duration.FromMinutes(m), "Energy.Active.Import.Register", null, "Sample.Periodic", null, 5_000m + m, "Wh", $"OCMF|{{{m}}}")],
                started + Duration.FromMinutes(m))))));
        await Task.WhenAll(consumed);

        await using var session = host.Store.QuerySession();
        foreach (var key in keys)
        {
            var document = (await session.LoadAsync<HomeSession>(key))!;
            var folded = (await session.Events.AggregateStreamAsync<HomeSession>(key))!;
            (document.Readings.Count, document.SignedData.Count, document.End, document.EndWh)
                .ShouldBe((folded.Readings.Count, folded.SignedData.Count, folded.End, folded.EndWh), $"{key}: the document is not the fold of its events");
            document.Complete.ShouldBeTrue($"{key}: its stop was consumed");
        }
    }
}
