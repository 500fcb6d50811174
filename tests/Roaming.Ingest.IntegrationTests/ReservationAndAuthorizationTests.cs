using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ingest.Authorizing;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Commands;
using Roaming.Ingest.Reservations;
using Roaming.Ingest.Transactions;
using Roaming.Platform.Messaging;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ingest.IntegrationTests;

/// <summary>
/// Reservations and authorization on real PostgreSQL with the independent driver (ocpp-rpc strict mode): RESERVE_NOW and
/// CANCEL_RESERVATION become the version's CALLs under one durable integer id per reservation key; a remote start's
/// authorization reference reaches the transaction as COMMAND; a NEVER token whose e-MSP cannot be asked (no OCPI service
/// in this host) is refused within the real-time bound, an ALLOWED_OFFLINE one falls back to the local copy.
/// </summary>
public sealed class ReservationAndAuthorizationTests : IAsyncLifetime
{
    private IngestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await IngestHost.Start("ingest_it_reservations", new Dictionary<string, string>
        {
            ["Roaming:Ingest:CallTimeout"] = "00:00:05",
            ["Roaming:Ingest:RealTimeAuthorizationTimeout"] = "00:00:01",
        });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<ChargePointCommandAnswered> Send(string kind, Dictionary<string, string> parameters, string? idTag = null, string? evseUid = "LOC1-E1")
    {
        var command = new ChargePointCommandRequested(Guid.CreateVersion7(), kind, null, kind == ChargePointCommandKinds.CancelReservation ? null : "LOC1",
            kind == ChargePointCommandKinds.CancelReservation ? null : evseUid, null, idTag, null, parameters);
        await _host.Services.GetRequiredService<IIntegrationBus>().Publish(command, Guid.CreateVersion7(), null, CancellationToken.None);
        ChargePointCommandAnswered? answered = null;
        await IngestHost.Eventually(async () => (answered = (await _host.Facts(ChargePointCommandAnswered.StreamFor(command.CommandId)))
            .OfType<ChargePointCommandAnswered>().FirstOrDefault()) is not null, TimeSpan.FromSeconds(20), $"answer to {kind}");
        return answered!;
    }

    private static Dictionary<string, string> Reserve(string key, string? authorizationReference = null)
    {
        var parameters = new Dictionary<string, string>
        {
            [ChargePointCommandParameters.ReservationKey] = key,
            [ChargePointCommandParameters.ExpiryDate] = (SystemClock.Instance.GetCurrentInstant() + Duration.FromMinutes(30)).ToString(),
        };
        if (authorizationReference is not null)
            parameters[ChargePointCommandParameters.AuthorizationReference] = authorizationReference;
        return parameters;
    }

    private async Task<ChildProcess> Holding(string id, string protocol)
    {
        await _host.Register(id);
        var station = Driver.Start(_host, id, "--protocol", protocol, "--scenario", "boot", "--hold", "--await-remote-stop", "--remote-sample-ms", "200");
        await IngestHost.Eventually(() => Task.FromResult(station.Output.Contains("\"holding\"")), TimeSpan.FromSeconds(30), $"{id} holding:\n{station.Output}");
        return station;
    }

    [Theory]
    [InlineData("ocpp1.6", "RSV16")]
    [InlineData("ocpp2.0.1", "RSV201")]
    public async Task ReserveNow_ReachesTheCharger_UnderOneDurableIdPerKey_AndCancelReservationFreesIt(string protocol, string id)
    {
        await using var station = await Holding(id, protocol);
        var key = $"partner-1:{id}-R1";

        var reserved = await Send(ChargePointCommandKinds.ReserveNow, Reserve(key, "AUTH-R1"), idTag: "MSP-RFID-7");
        reserved.Status.ShouldBe(ChargePointCommandStatuses.Accepted, reserved.Detail);
        reserved.Action.ShouldBe("ReserveNow");
        OcppReservation mapping;
        await using (var session = _host.Store.QuerySession())
            mapping = await session.Query<OcppReservation>().SingleAsync(r => r.Key == key);
        (mapping.ChargePointId, mapping.IdTag, mapping.AuthorizationReference).ShouldBe((id, "MSP-RFID-7", "AUTH-R1"));
        var requested = (await _host.Facts(id)).OfType<ReservationRequested>().Single();
        requested.ReservationId.ShouldBe(mapping.Id);
        station.Output.ShouldContain($"\"action\":\"ReserveNow\"");

        // the same reservation again replaces it under the same id
        (await Send(ChargePointCommandKinds.ReserveNow, Reserve(key), idTag: "MSP-RFID-7")).Status.ShouldBe(ChargePointCommandStatuses.Accepted);
        (await _host.Facts(id)).OfType<ReservationRequested>().Select(r => r.ReservationId).Distinct().ShouldBe([mapping.Id]);

        var cancelled = await Send(ChargePointCommandKinds.CancelReservation, new() { [ChargePointCommandParameters.ReservationKey] = key });
        cancelled.Status.ShouldBe(ChargePointCommandStatuses.Accepted, cancelled.Detail);
        cancelled.ChargePointId.ShouldBe(id);
        await IngestHost.Eventually(async () => (await _host.Facts(id)).OfType<ReservationEnded>().Any(e => e.Reason == "Cancelled"),
            TimeSpan.FromSeconds(10), "reservation ended");

        // the charger no longer holds it: a second cancel is refused by the charger
        (await Send(ChargePointCommandKinds.CancelReservation, new() { [ChargePointCommandParameters.ReservationKey] = key })).Status
            .ShouldBe(ChargePointCommandStatuses.Rejected);
    }

    [Fact]
    public async Task CancelReservationOfAKeyNeverReserved_IsUnknownReservation_AndNothingIsSent()
    {
        var answer = await Send(ChargePointCommandKinds.CancelReservation, new() { [ChargePointCommandParameters.ReservationKey] = "partner-2:R-404" });

        answer.Status.ShouldBe(ChargePointCommandStatuses.UnknownReservation);
        answer.Action.ShouldBeNull();
    }

    [Fact]
    public async Task AReservationRefusedByTheCharger_SaysWhy()
    {
        await using var station = await Holding("RSVBUSY", "ocpp1.6");
        // a remote start makes the connector busy; the reservation is Occupied
        var started = await Send(ChargePointCommandKinds.StartTransaction, new() { [ChargePointCommandParameters.AuthorizationReference] = "AUTH-S1" },
            idTag: "MSP-APP-1");
        started.Status.ShouldBe(ChargePointCommandStatuses.Accepted, started.Detail);
        TransactionStarted? transaction = null;
        await IngestHost.Eventually(async () => (transaction = (await _host.Facts("RSVBUSY")).OfType<TransactionStarted>().FirstOrDefault()) is not null,
            TimeSpan.FromSeconds(20), "remote start");
        // the remote start vouched for the token and its reference reaches the transaction
        (transaction!.AuthorizationStatus, transaction.AuthMethod, transaction.AuthorizationReference).ShouldBe(("Accepted", AuthorizationMethods.Command, "AUTH-S1"));

        var refused = await Send(ChargePointCommandKinds.ReserveNow, Reserve("partner-1:BUSY"), idTag: "MSP-RFID-8");
        (refused.Status, refused.Detail).ShouldBe((ChargePointCommandStatuses.Rejected, "Occupied"));
    }

    [Theory]
    [InlineData("NEVER", "Invalid")]
    [InlineData("ALLOWED_OFFLINE", "Accepted")]
    public async Task ATokenNeedingRealTimeAuthorization_WhenTheEmspCannotBeAsked_FallsBackPerWhitelist(string whitelist, string expected)
    {
        var id = $"RT-{whitelist.Replace("_", "")}";
        var uid = $"MSP-{whitelist.Replace("_", "")}";
        await _host.Register(id);
        await using (var session = _host.Store.LightweightSession())
        {
            session.Store(new KnownToken(uid, "NL", "MSP", "NL-MSP-C1", "Accepted", SystemClock.Instance.GetCurrentInstant(), whitelist, "RFID"));
            await session.SaveChangesAsync();
        }

        var started = DateTime.UtcNow;
        var run = await Driver.Drive(_host, id, "--protocol", "ocpp1.6", "--idtag", uid, "--samples", "1");

        run.Summary.GetProperty("authorizeStatus").GetString().ShouldBe(expected, run.Output);
        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(30));
        var asked = (await _host.Facts(id)).OfType<TokenAuthorizedByEmsp>().First();
        (asked.IdTag, asked.Outcome, asked.Status).ShouldBe((uid, "UNREACHABLE", expected));
    }
}
