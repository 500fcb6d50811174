using Marten;
using NodaTime;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ochp.Tests;
using Shouldly;
using static Roaming.Ochp.Tests.Soap.Parties;

namespace Roaming.Ochp.Tests.Soap;

/// <summary>Authorisation lists, charge points, tariffs and live status between connected participants, and never beyond.</summary>
public sealed class DatasetExchangeTests : IAsyncLifetime
{
    private OchpHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await OchpHost.Start("ochp_datasets");
        await Register(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static IReadOnlyList<string> Uids(IEnumerable<RoamingAuthorisationInfo> tokens) => tokens.Select(t => t.EmtId.Instance).ToList();

    [Fact]
    public async Task AuthorisationLists_ReachOnlyConnectedOperators_AndATokenOfAnotherProviderIsRefused()
    {
        var set = await _host.As("emsp-a", new SetRoamingAuthorisationListRequest
        {
            RoamingAuthorisationInfoArray = [Token("AA000001", EmspAContract), Token("AA000002", EmspAContract), Token("AA0000FF", EmspBContract)],
        });
        set.ShouldBeSchemaValid().ResultCode.ShouldBe("partly");
        Uids(set.As<SetRoamingAuthorisationListResponse>().RefusedRoamingAuthorisationInfo).ShouldBe(["AA0000FF"]);
        set.ResultDescription.ShouldContain("NL*TNM");
        await using (var session = _host.Store.QuerySession())
        {
            var upload = (await session.Events.FetchStreamAsync("roaming-authorisations/emsp-a")).Single();
            upload.Headers!["actor"].ToString().ShouldBe("ochp:emsp-a");
            upload.Data.ShouldBeOfType<Authorisations.RoamingAuthorisationListSet>().Entries.Select(e => e.Owner).ShouldBe(["DE*8AA", "DE*8AA"]);
        }
        (await _host.As("emsp-b", new SetRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [Token("BB000001", EmspBContract)] }))
            .ResultCode.ShouldBe("ok");

        var seenByCpoA = await _host.As("cpo-a", new GetRoamingAuthorisationListRequest());
        seenByCpoA.ShouldBeSchemaValid().ResultCode.ShouldBe("ok");
        Uids(seenByCpoA.As<GetRoamingAuthorisationListResponse>().RoamingAuthorisationInfoArray).ShouldBe(["AA000001", "AA000002"], ignoreOrder: true);
        var seenByCpoB = await _host.As("cpo-b", new GetRoamingAuthorisationListRequest());
        Uids(seenByCpoB.As<GetRoamingAuthorisationListResponse>().RoamingAuthorisationInfoArray).ShouldBe(["BB000001"]);
        (await _host.As("lonely", new GetRoamingAuthorisationListRequest())).ShouldBeSchemaValid().ResultCode.ShouldBe("roaming");

        // Update is a delta by EMT-ID; GetUpdates returns what changed since lastUpdate.
        var beforeUpdate = SystemClock.Instance.GetCurrentInstant();
        var update = await _host.As("emsp-a", new UpdateRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [Token("AA000003", EmspAContract)] });
        update.ShouldBeSchemaValid().ResultCode.ShouldBe("ok");
        var updates = await _host.As("cpo-a", new GetRoamingAuthorisationListUpdatesRequest
        {
            LastUpdate = DateTimeType.From(Instant.FromUnixTimeSeconds(beforeUpdate.ToUnixTimeSeconds())),
        });
        updates.ShouldBeSchemaValid().ResultCode.ShouldBe("ok");
        Uids(updates.As<GetRoamingAuthorisationListUpdatesResponse>().RoamingAuthorisationInfo).ShouldContain("AA000003");
        var none = await _host.As("cpo-a", new GetRoamingAuthorisationListUpdatesRequest { LastUpdate = DateTimeType.From(beforeUpdate + Duration.FromHours(1)) });
        none.As<GetRoamingAuthorisationListUpdatesResponse>().RoamingAuthorisationInfo.ShouldBeEmpty();

        var single = await _host.As("cpo-a", new GetSingleRoamingAuthorisationRequest { EmtId = OchpSamples.Rfid("aa000003") });
        single.ShouldBeSchemaValid().ResultCode.ShouldBe("ok");
        single.As<GetSingleRoamingAuthorisationResponse>().RoamingAuthorisationInfo!.ContractId.ShouldBe(EmspAContract);
        (await _host.As("cpo-a", new GetSingleRoamingAuthorisationRequest { EmtId = OchpSamples.Rfid("BB000001") }))
            .ShouldBeSchemaValid().ResultCode.ShouldBe("invalid-id");

        // Set replaces the whole list.
        (await _host.As("emsp-a", new SetRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [Token("AA000009", EmspAContract)] }))
            .ResultCode.ShouldBe("ok");
        Uids((await _host.As("cpo-a", new GetRoamingAuthorisationListRequest())).As<GetRoamingAuthorisationListResponse>().RoamingAuthorisationInfoArray)
            .ShouldBe(["AA000009"]);

        // Only foreign tokens: nothing is stored and the whole request is refused.
        var foreign = await _host.As("emsp-a", new UpdateRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [Token("AA0000FE", EmspBContract)] });
        foreign.ShouldBeSchemaValid().ResultCode.ShouldBe("invalid-id");
    }

    [Fact]
    public async Task ChargePoints_ReachOnlyConnectedProviders_AndAnEvseOfAnotherOperatorIsRefused()
    {
        var set = await _host.As("cpo-a", new SetChargePointListRequest
        {
            ChargePointInfoArray = [OchpSamples.ChargePoint("DE*ABC*E0000001"), OchpSamples.ChargePoint("DE*XYZ*E0000001")],
        });
        set.ShouldBeSchemaValid().ResultCode.ShouldBe("partly");
        set.As<SetChargePointListResponse>().RefusedChargePointInfo.Single().EvseId.ShouldBe("DE*XYZ*E0000001");
        (await _host.As("cpo-b", new SetChargePointListRequest { ChargePointInfoArray = [OchpSamples.ChargePoint("DE*XYZ*E0000002")] }))
            .ResultCode.ShouldBe("ok");

        var seenByEmspA = await _host.As("emsp-a", new GetChargePointListRequest());
        seenByEmspA.ShouldBeSchemaValid().ResultCode.ShouldBe("ok");
        seenByEmspA.As<GetChargePointListResponse>().ChargePointInfoArray.Select(c => c.EvseId).ShouldBe(["DE*ABC*E0000001"]);
        (await _host.As("emsp-b", new GetChargePointListRequest())).As<GetChargePointListResponse>()
            .ChargePointInfoArray.Select(c => c.EvseId).ShouldBe(["DE*XYZ*E0000002"]);
        (await _host.As("lonely", new GetChargePointListRequest())).ResultCode.ShouldBe("roaming");

        var beforeUpdate = SystemClock.Instance.GetCurrentInstant();
        (await _host.As("cpo-a", new UpdateChargePointListRequest { ChargePointInfoArray = [OchpSamples.ChargePoint("DE*ABC*E0000002")] }))
            .ShouldBeSchemaValid().ResultCode.ShouldBe("ok");
        var updates = await _host.As("emsp-a", new GetChargePointListUpdatesRequest
        {
            LastUpdate = DateTimeType.From(Instant.FromUnixTimeSeconds(beforeUpdate.ToUnixTimeSeconds())),
        });
        updates.ShouldBeSchemaValid().As<GetChargePointListUpdatesResponse>().ChargePointInfoArray.Select(c => c.EvseId).ShouldContain("DE*ABC*E0000002");
        (await _host.As("emsp-a", new GetChargePointListRequest())).As<GetChargePointListResponse>()
            .ChargePointInfoArray.Select(c => c.EvseId).ShouldBe(["DE*ABC*E0000001", "DE*ABC*E0000002"], ignoreOrder: true);
    }

    [Fact]
    public async Task Tariffs_ReachConnectedRecipients_WithOnlyTheirIndividualTariffs()
    {
        var forEmspA = OchpSamples.Tariff();
        forEmspA.TariffId = "DE*ABC*T1";
        forEmspA.IndividualTariff[0].Recipient = ["DE8AA"];
        var forOthers = OchpSamples.Tariff();
        forOthers.TariffId = "DE*ABC*T2";
        forOthers.IndividualTariff[0].Recipient = ["NLTNM"];
        var notTheirs = OchpSamples.Tariff();
        notTheirs.TariffId = "DE*XYZ*T1";

        var update = await _host.As("cpo-a", new UpdateTariffsRequest { TariffInfoArray = [forEmspA, forOthers, notTheirs] });
        update.ShouldBeSchemaValid().ResultCode.ShouldBe("partly");
        update.As<UpdateTariffsResponse>().RefusedTariffInfo.Single().TariffId.ShouldBe("DE*XYZ*T1");

        var seen = await _host.As("emsp-a", new GetTariffUpdatesRequest());
        seen.ShouldBeSchemaValid().ResultCode.ShouldBe("ok");
        seen.As<GetTariffUpdatesResponse>().TariffInfoArray.Select(t => t.TariffId).ShouldBe(["DE*ABC*T1"]);
        // emsp-b is a recipient of T2, but not connected to DE*ABC.
        (await _host.As("emsp-b", new GetTariffUpdatesRequest())).As<GetTariffUpdatesResponse>().TariffInfoArray.ShouldBeEmpty();
    }

    [Fact]
    public async Task LiveStatus_ReachesConnectedProviders_AndAnExpiredStatusReadsUnknown()
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        var update = await _host.As("cpo-a", new UpdateStatusRequest
        {
            Evse =
            [
                new EvseStatusType { EvseId = "DE*ABC*E0000101", Major = MajorStatus.NotAvailable, MinorStatus = MinorStatus.Charging, Ttl = now + Duration.FromHours(1) },
                new EvseStatusType { EvseId = "DE*ABC*E0000102", Major = MajorStatus.Available, MinorStatus = MinorStatus.Available, Ttl = now - Duration.FromMinutes(1) },
                new EvseStatusType { EvseId = "DE*XYZ*E0000101", Major = MajorStatus.Available },
            ],
        });
        update.ShouldBeSchemaValid().ResultCode.ShouldBe("partly");
        update.ResultDescription.ShouldContain("DE*XYZ*E0000101");

        var status = await _host.As("emsp-a", new GetStatusRequest());
        var evses = status.ShouldBeSchemaValid().As<GetStatusResponse>().Evse.ToDictionary(e => e.EvseId);
        evses.Keys.ShouldBe(["DE*ABC*E0000101", "DE*ABC*E0000102"], ignoreOrder: true);
        evses["DE*ABC*E0000101"].Major.ShouldBe(MajorStatus.NotAvailable);
        evses["DE*ABC*E0000101"].MinorStatus.ShouldBe(MinorStatus.Charging);
        evses["DE*ABC*E0000102"].Major.ShouldBe(MajorStatus.Unknown);
        evses["DE*ABC*E0000102"].MinorStatus.ShouldBeNull();
        (await _host.As("emsp-b", new GetStatusRequest())).As<GetStatusResponse>().Evse.ShouldBeEmpty();
        (await _host.As("emsp-a", new GetStatusRequest { StatusType = StatusKind.Combined })).ShouldBeSchemaValid()
            .As<GetStatusResponse>().Combined.Count.ShouldBe(2);
    }

    [Fact]
    public async Task ConcurrentUpdatesOfOneParticipant_LoseNoEntry()
    {
        await _host.Participant("cpo-d", ["DE*OPD"], [], "cpo-d", Password);
        await _host.Participant("emsp-d", [], ["DE*PRD"], "emsp-d", Password);
        await _host.Connect("DE*OPD", "DE*PRD");
        (await _host.As("cpo-d", new UpdateChargePointListRequest { ChargePointInfoArray = [OchpSamples.ChargePoint("DE*OPD*E100")] })).ResultCode.ShouldBe("ok");

        var updates = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            _host.As("cpo-d", new UpdateChargePointListRequest { ChargePointInfoArray = [OchpSamples.ChargePoint($"DE*OPD*E{i}")] })));

        updates.Select(u => u.ResultCode).ShouldAllBe(code => code == "ok");
        (await _host.As("emsp-d", new GetChargePointListRequest())).As<GetChargePointListResponse>().ChargePointInfoArray.Select(c => c.EvseId)
            .ShouldBe(Enumerable.Range(0, 12).Select(i => $"DE*OPD*E{i}").Append("DE*OPD*E100"), ignoreOrder: true);
    }

    [Fact]
    public async Task EndingAConnection_HidesTheOperatorsDataFromTheProvider()
    {
        await _host.Participant("cpo-c", ["DE*OPC"], [], "cpo-c", Password);
        await _host.Participant("emsp-c", [], ["DE*PRC"], "emsp-c", Password);
        await _host.Connect("DE*OPC", "DE*PRC");
        (await _host.As("cpo-c", new UpdateChargePointListRequest { ChargePointInfoArray = [OchpSamples.ChargePoint("DE*OPC*E1")] })).ResultCode.ShouldBe("ok");
        (await _host.As("emsp-c", new GetChargePointListRequest())).As<GetChargePointListResponse>()
            .ChargePointInfoArray.Select(c => c.EvseId).ShouldBe(["DE*OPC*E1"]);

        await _host.Disconnect("DE*OPC", "DE*PRC");

        (await _host.As("emsp-c", new GetChargePointListRequest())).ShouldBeSchemaValid().ResultCode.ShouldBe("roaming");
    }

    [Fact]
    public async Task AWrongPassword_GetsNotAuthorized_AndChangesNothing_GetStatusAFault()
    {
        var refused = await _host.Call(new SetRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [Token("AA00DEAD", EmspAContract)] },
            "emsp-a", "wrong-password-000");
        refused.ShouldBeSchemaValid().ResultCode.ShouldBe("not-authorized");
        (await _host.Call(new GetChargePointListRequest(), "nobody", Password)).ResultCode.ShouldBe("not-authorized");
        (await _host.Call(new GetStatusRequest(), "emsp-a", "wrong-password-000")).Fault.FaultCode.ShouldBe("soap:Client");
        _host.Logs.Contains(Microsoft.Extensions.Logging.LogLevel.Warning, "not authorized (user emsp-a)").ShouldBeTrue();

        var seen = await _host.As("cpo-a", new GetRoamingAuthorisationListRequest());
        Uids(seen.As<GetRoamingAuthorisationListResponse>().RoamingAuthorisationInfoArray).ShouldNotContain("AA00DEAD");
    }
}
