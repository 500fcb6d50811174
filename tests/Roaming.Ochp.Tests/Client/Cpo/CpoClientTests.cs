using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using Roaming.Contracts.Network.V1;
using Roaming.Ochp.Tests.Soap;
using Roaming.Protocols.Ochp;
using Roaming.Testing;
using Shouldly;
using static Roaming.Ochp.Tests.Client.Cpo.OurCpoHost;
using static Roaming.Ochp.Tests.Soap.Parties;

using Roaming.Protocols.Bridge.Tests;

namespace Roaming.Ochp.Tests.Client.Cpo;

/// <summary>
/// Our Roaming as CPO against a real clearing house: a second Roaming host (clearing + OCHP) on its own port and
/// database, with participants and connections made through its operator API (<see cref="Parties"/>).
/// </summary>
public sealed class CpoClientTests : IAsyncLifetime
{
    private OchpHost _clearingHouse = null!;
    private OurCpoHost _ours = null!;

    public async Task InitializeAsync()
    {
        _clearingHouse = await OchpHost.Start("ochp_cpo_client_chs");
        await Register(_clearingHouse);
        // emsp-a's whitelist is on the clearing house before we start: our first download is the whole list.
        (await _clearingHouse.As("emsp-a", new SetRoamingAuthorisationListRequest
        {
            RoamingAuthorisationInfoArray = [Whitelisted("AA000001"), Whitelisted("AA000002")],
        })).ResultCode.ShouldBe("ok");
        _ours = await OurCpoHost.Start("ochp_cpo_client_ours", _clearingHouse.Url);
    }

    public async Task DisposeAsync()
    {
        await _ours.DisposeAsync();
        await _clearingHouse.DisposeAsync();
    }

    private static RoamingAuthorisationInfo Whitelisted(string uid, Duration? validFor = null) => new()
    {
        EmtId = new EmtId { Instance = uid, TokenType = TokenType.Rfid },
        ContractId = EmspAContract,
        ExpiryDate = DateTimeType.From(Now() + (validFor ?? Duration.FromDays(365))),
    };

    [Fact]
    public async Task Cdrs_charge_points_status_and_tokens_travel_through_the_clearing_house()
    {
        // Charge points: the full list, then a delta closing the EVSE that left the location.
        await _ours.Publish(LocationChanged(CpoSamples.Location("LOC1", CpoSamples.Evse("EVSE-1", "DE*ABC*E0000001"), CpoSamples.Evse("EVSE-2", "DE*ABC*E0000002"))));
        var listed = await _ours.Until(async () =>
        {
            var points = (await _clearingHouse.As("emsp-a", new GetChargePointListRequest())).ShouldBeSchemaValid()
                .As<GetChargePointListResponse>().ChargePointInfoArray;
            return points.Count == 2 ? points : null;
        });
        listed.Select(p => p.EvseId).ShouldBe(["DE*ABC*E0000001", "DE*ABC*E0000002"], ignoreOrder: true);
        listed.ShouldAllBe(p => p.LocationName == "Hauptbahnhof" && p.Status!.Value == ChargePointStatus.Operative);

        await _ours.Publish(LocationChanged(CpoSamples.Location("LOC1", CpoSamples.Evse("EVSE-1", "DE*ABC*E0000001"))));
        await _ours.Until(async () => (await _clearingHouse.As("emsp-a", new GetChargePointListRequest())).As<GetChargePointListResponse>().ChargePointInfoArray
            .SingleOrDefault(p => p.EvseId == "DE*ABC*E0000002" && p.Status?.Value == ChargePointStatus.Closed));

        // Live status, within seconds, as the e-MSP reads it.
        await _ours.Publish(new EvseStatusChanged("DE", "ABC", "LOC1", "EVSE-1", "DE*ABC*E0000001", "CHARGING", Now(), Now()));
        var status = await _ours.Until(async () => (await _clearingHouse.As("emsp-a", new GetStatusRequest())).ShouldBeSchemaValid()
            .As<GetStatusResponse>().Evse.SingleOrDefault(s => s.EvseId == "DE*ABC*E0000001" && s.Major == MajorStatus.NotAvailable));
        status.MinorStatus.ShouldBe(MinorStatus.Charging);

        // CDRs: one the clearing house accepts, one it finds implausible (emsp-b's contract: no connection with DE*ABC).
        await _ours.Publish(await _ours.CdrIssued(CpoSamples.Cdr("CDR0001")));
        await _ours.Publish(await _ours.CdrIssued(CpoSamples.Cdr("CDR0002", contract: EmspBContract, uid: "BB000001")));
        var accepted = await _ours.Until(async () => (await ClearingHouseCdrs()).SingleOrDefault(c => c.GetProperty("cdr_id").GetString() == "DEABCCDR0001"));
        accepted.GetProperty("status").GetString().ShouldBe("accepted");
        accepted.GetProperty("contract_id").GetString().ShouldBe(CpoSamples.Contract);
        accepted.GetProperty("total_cost").GetDecimal().ShouldBe(2.75m);
        var implausible = await _ours.Until(async () => (await _ours.Cdrs("implausible")).SingleOrDefault());
        implausible.GetProperty("cdr_id").GetString().ShouldBe("CDR0002");
        implausible.GetProperty("ochp_cdr_id").GetString().ShouldBe("DEABCCDR0002");
        implausible.GetProperty("last_result").GetString().ShouldStartWith("partly");
        (await _ours.Until(async () => (await _ours.Cdrs("accepted")).SingleOrDefault())).GetProperty("cdr_id").GetString().ShouldBe("CDR0001");
        (await ClearingHouseCdrs()).Single(c => c.GetProperty("cdr_id").GetString() == "DEABCCDR0002").GetProperty("status").GetString()
            .ShouldBe("implausible");
        (await _ours.Cdrs("queued")).ShouldBeEmpty();

        // Tokens: emsp-a's whitelist reaches our Tokens, so our chargers authorize those drivers.
        var tokens = await _ours.Until(async () =>
        {
            var all = await _ours.Api.GetFromJsonAsync<JsonElement[]>("/api/tokens");
            var ochp = all!.Where(t => t.GetProperty("party_id").GetString() == "8AA").ToList();
            return ochp.Count == 2 ? ochp : null;
        });
        tokens.Select(t => t.GetProperty("uid").GetString()).ShouldBe(["AA000001", "AA000002"], ignoreOrder: true);
        tokens.ShouldAllBe(t => t.GetProperty("contract_id").GetString() == EmspAContract && t.GetProperty("valid").GetBoolean()
            && t.GetProperty("whitelist").GetString() == "ALLOWED" && t.GetProperty("country_code").GetString() == "DE");

        // A later whitelist change comes as an update.
        (await _clearingHouse.As("emsp-a", new UpdateRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [Whitelisted("AA000003")] }))
            .ResultCode.ShouldBe("ok");
        await _ours.Until(async () => (await _ours.Api.GetAsync("/api/tokens/AA000003")).IsSuccessStatusCode ? "found" : null);

        // A token whose expiry date passes is re-published invalid, without the e-MSP sending anything.
        (await _clearingHouse.As("emsp-a", new UpdateRoamingAuthorisationListRequest
        {
            // Long enough that Tokens sees it valid first, even when the download and the outbox are slow.
            RoamingAuthorisationInfoArray = [Whitelisted("AA000004", Duration.FromTimeSpan(Patience.For(TimeSpan.FromSeconds(8))))],
        })).ResultCode.ShouldBe("ok");
        (await _ours.Until(async () => await Token("AA000004")))!.Value.GetProperty("valid").GetBoolean().ShouldBeTrue();
        await _ours.Until(async () => await Token("AA000004") is { } token && !token.GetProperty("valid").GetBoolean() ? "expired" : null);
    }

    private async Task<JsonElement?> Token(string uid)
    {
        var response = await _ours.Api.GetAsync($"/api/tokens/{uid}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }

    [Fact]
    public async Task A_state_that_is_not_one_is_refused()
    {
        var response = await _ours.Api.GetAsync("/api/ochp/client/cdrs?state=lost");
        ((int)response.StatusCode).ShouldBe(400);
        (await response.Content.ReadAsStringAsync()).ShouldContain("implausible");
    }

    private async Task<JsonElement[]> ClearingHouseCdrs() => (await _clearingHouse.Api.GetFromJsonAsync<JsonElement[]>("/api/clearing/cdrs"))!;
}

/// <summary>A clearing house that is down when our CDRs are issued gets every one of them when it comes up.</summary>
public sealed class CpoClientRetryTests : IAsyncLifetime
{
    private readonly int _clearingHousePort = TestServers.FreeTcpPort();
    private OurCpoHost _ours = null!;
    private OchpHost? _clearingHouse;

    public async Task InitializeAsync() =>
        _ours = await OurCpoHost.Start("ochp_cpo_client_retry_ours", $"http://127.0.0.1:{_clearingHousePort}");

    public async Task DisposeAsync()
    {
        await _ours.DisposeAsync();
        if (_clearingHouse is not null)
            await _clearingHouse.DisposeAsync();
    }

    [Fact]
    public async Task Queued_cdrs_are_retried_until_the_clearing_house_takes_them()
    {
        await _ours.Publish(await _ours.CdrIssued(CpoSamples.Cdr("CDR0101")));
        await _ours.Publish(await _ours.CdrIssued(CpoSamples.Cdr("CDR0102")));
        // Positive signal that the house was tried and failed: both queued with a transport failure recorded, twice.
        var failing = await _ours.Until(async () =>
        {
            var queued = await _ours.Cdrs("queued");
            return queued.Length == 2 && queued.All(c => c.GetProperty("attempts").GetInt32() >= 2) ? queued : null;
        });
        failing.ShouldAllBe(c => c.GetProperty("last_result").GetString()!.StartsWith("Unreachable", StringComparison.Ordinal));

        _clearingHouse = await OchpHost.Start("ochp_cpo_client_retry_chs", port: _clearingHousePort);
        await Register(_clearingHouse);

        var accepted = await _ours.Until(async () =>
        {
            var cdrs = await _ours.Cdrs("accepted");
            return cdrs.Length == 2 ? cdrs : null;
        });
        accepted.Select(c => c.GetProperty("ochp_cdr_id").GetString()).ShouldBe(["DEABCCDR0101", "DEABCCDR0102"], ignoreOrder: true);
        var atTheHouse = (await _clearingHouse.Api.GetFromJsonAsync<JsonElement[]>("/api/clearing/cdrs"))!;
        atTheHouse.Select(c => (c.GetProperty("cdr_id").GetString(), c.GetProperty("status").GetString()))
            .ShouldBe([("DEABCCDR0101", "accepted"), ("DEABCCDR0102", "accepted")], ignoreOrder: true);
    }
}
