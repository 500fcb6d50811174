using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Ochp.Bridge;
using Roaming.Ochp.Tests.Soap;
using Roaming.Platform.Sealing.Shredding;
using Roaming.Protocols.Bridge.Tests;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ochp.Tests;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Locations;
using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Protocols.Ocpi.Tokens;
using Roaming.Testing;
using Shouldly;
using static Roaming.Ochp.Tests.Soap.Parties;
using OcpiTokenType = Roaming.Protocols.Ocpi.TokenType;

namespace Roaming.Ochp.Tests.Bridge;

/// <summary>
/// The bridge's OCHP side with the real clearing and OCHP services: OCPI participants' objects from the hub reach the
/// OCHP participants connected with them (read by zeep, an independent client), OCHP uploads become OCPI objects for the
/// hub, and what does not map is shown to the operator with its reasons.
/// </summary>
public sealed class HubObjectsTests : IAsyncLifetime
{
    private const string OcpiEmsp = "ocpi-emsp";
    private const string OcpiCpo = "ocpi-cpo";
    private const string OcpiContract = "NL-OEM-C00000001";
    private static readonly Instant Then = Instant.FromUtc(2026, 12, 1, 8, 0);
    private OchpHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await OchpHost.Start("ochp_bridge_hub");
        await Register(_host);
        await _host.Participant(OcpiEmsp, [], ["NL*OEM"], OcpiEmsp, Password);
        await _host.Participant(OcpiCpo, ["NL*OCP"], [], OcpiCpo, Password);
        await _host.Connect("DE*ABC", "NL*OEM");
        await _host.Connect("NL*OCP", "DE*8AA");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static Token OcpiToken(string uid, string whitelist = "ALLOWED", string contract = OcpiContract) => new()
    {
        CountryCode = "NL", PartyId = "OEM", Uid = uid, Type = OcpiTokenType.Rfid, ContractId = contract, VisualNumber = "OEM 0001",
        Issuer = "OEM Mobility", Valid = true, Whitelist = new OcpiEnum<WhitelistType>(whitelist), LastUpdated = Then,
    };

    private static Location OcpiLocation() => CpoSamples.Location("OCP-LOC-1",
        CpoSamples.Evse("E1", "NL*OCP*E0001", EvseStatus.Charging), CpoSamples.Evse("E2", "NL*OCP*E0002", standard: "GBT_DC")) with
    {
        CountryCode = "NL", PartyId = "OCP", Country = "NLD", TimeZone = "Europe/Amsterdam",
    };

    private static Tariff OcpiTariff() => CpoSamples.DemoTariff() with { CountryCode = "NL", PartyId = "OCP", Id = "T1" };

    /// <summary>The hub's message: an OCPI participant's object, <c>NL*OEM</c>'s tokens or <c>NL*OCP</c>'s locations and tariffs.</summary>
    private Task Received(string participant, string module, string id, string json, Instant lastUpdated) =>
        _host.Publish(new HubObjectReceived(participant, "NL", module == HubObjectModules.Tokens ? "OEM" : "OCP", module, id, json, lastUpdated, "ocpi:partner-1"));

    [Fact]
    public async Task OCPI_objects_from_the_hub_reach_the_connected_OCHP_participants_and_what_does_not_map_is_shown_with_its_reasons()
    {
        // The hub keeps a token's holder fields protected under the contract's key, as it publishes them.
        var vault = _host.Services.GetRequiredService<SubjectKeyVault>();
        var protectedContract = await vault.Protect($"contract:NL*OEM*{OcpiContract}", OcpiContract, CancellationToken.None);
        await Received(OcpiEmsp, HubObjectModules.Tokens, "0A0B0C0D", OcpiJson.Serialize(OcpiToken("0A0B0C0D", contract: protectedContract)), Then);
        await Received(OcpiEmsp, HubObjectModules.Tokens, "0A0B0C0E", OcpiJson.Serialize(OcpiToken("0A0B0C0E", whitelist: "NEVER")), Then);
        await Received(OcpiCpo, HubObjectModules.Locations, "OCP-LOC-1", OcpiJson.Serialize(OcpiLocation()), Then);
        await Received(OcpiCpo, HubObjectModules.Tariffs, "T1", OcpiJson.Serialize(OcpiTariff()), Then);

        var results = await ZeepPeer.Run(_host.Url + "/service/ochp/v1.4?wsdl", [
            Step("tokens-cpo-a", "cpo-a", new GetRoamingAuthorisationListRequest()),
            Step("tokens-cpo-b", "cpo-b", new GetRoamingAuthorisationListRequest()),
            Step("chargepoints-emsp-a", "emsp-a", new GetChargePointListRequest()),
            Step("chargepoints-emsp-b", "emsp-b", new GetChargePointListRequest()),
            Step("status-emsp-a", "emsp-a", new GetStatusRequest(), live: true),
            Step("tariffs-emsp-a", "emsp-a", new GetTariffUpdatesRequest()),
        ]);

        foreach (var (name, result) in results)
            result!["error"].ShouldBeNull($"zeep could not run step {name}: {result["error"]}");
        IReadOnlyList<string> Values(string step, string array, params string[] path) =>
            (results[step]!["response"]?[array] as JsonArray ?? []).Select(item => path.Aggregate(item!, (node, key) => node[key]!).GetValue<string>()).ToList();
        Values("tokens-cpo-a", "roamingAuthorisationInfoArray", "EmtId", "instance").ShouldBe(["0A0B0C0D"]);
        Values("tokens-cpo-a", "roamingAuthorisationInfoArray", "contractId").ShouldBe([OcpiContract]);
        Values("tokens-cpo-a", "roamingAuthorisationInfoArray", "printedNumber").ShouldBe(["OEM 0001"]);
        Values("tokens-cpo-b", "roamingAuthorisationInfoArray", "EmtId", "instance").ShouldBeEmpty();
        Values("chargepoints-emsp-a", "chargePointInfoArray", "evseId").ShouldBe(["NL*OCP*E0001"]);
        Values("chargepoints-emsp-a", "chargePointInfoArray", "locationId").ShouldBe([Roaming.Protocols.Bridge.OcpiLocationToChargePoints.LocationId("OCP-LOC-1")]);
        Values("chargepoints-emsp-b", "chargePointInfoArray", "evseId").ShouldBeEmpty();
        Values("status-emsp-a", "evse", "evseId").ShouldBe(["NL*OCP*E0001"]);
        Values("status-emsp-a", "evse", "minor").ShouldBe(["charging"]);
        Values("tariffs-emsp-a", "TariffInfoArray", "tariffId").ShouldBe(["NL*OCP*TT1"]);

        var refusals = await _host.Api.GetFromJsonAsync<JsonArray>("/api/ochp/bridge/refusals?direction=ocpi-to-ochp");
        var reasons = refusals!.ToDictionary(r => $"{r!["module"]} {r["object_id"]} {r["state"]}", r => string.Join("; ", r!["reasons"]!.AsArray().Select(x => x!.GetValue<string>())));
        reasons.Keys.ShouldBe(["locations OCP-LOC-1 partly", "tokens 0A0B0C0E refused"], ignoreOrder: true);
        reasons["tokens 0A0B0C0E refused"].ShouldContain("whitelist NEVER");
        reasons["locations OCP-LOC-1 partly"].ShouldContain("EVSE E2");
    }

    [Fact]
    public async Task A_message_seen_before_or_an_older_version_changes_nothing_and_a_newer_one_replaces_the_entry()
    {
        var json = OcpiJson.Serialize(OcpiToken("0A0B0C0D"));
        await Received(OcpiEmsp, HubObjectModules.Tokens, "0A0B0C0D", json, Then);
        await Received(OcpiEmsp, HubObjectModules.Tokens, "0A0B0C0D", OcpiJson.Serialize(OcpiToken("0A0B0C0D") with { Valid = false, LastUpdated = Then - Duration.FromHours(1) }),
            Then - Duration.FromHours(1));
        (await Expiry("0A0B0C0D")).ShouldBeGreaterThan(SystemClock.Instance.GetCurrentInstant());

        await Received(OcpiEmsp, HubObjectModules.Tokens, "0A0B0C0D", OcpiJson.Serialize(OcpiToken("0A0B0C0D") with { Valid = false, LastUpdated = Then + Duration.FromHours(1) }),
            Then + Duration.FromHours(1));
        (await Expiry("0A0B0C0D")).ShouldBeLessThan(SystemClock.Instance.GetCurrentInstant());
    }

    [Fact]
    public async Task A_tariff_removed_through_the_hub_is_no_longer_offered_to_OCHP_e_MSPs_and_a_redelivery_or_an_older_version_changes_nothing()
    {
        await Received(OcpiCpo, HubObjectModules.Tariffs, "T1", OcpiJson.Serialize(OcpiTariff()), Then);
        await Received(OcpiCpo, HubObjectModules.Tariffs, "T2", OcpiJson.Serialize(OcpiTariff() with { Id = "T2" }), Then);
        (await ZeepTariffs()).ShouldBe(["NL*OCP*TT1", "NL*OCP*TT2"]);
        var afterUpload = SystemClock.Instance.GetCurrentInstant() + Duration.FromSeconds(1); // lastUpdate is read to the second

        var removedAt = SystemClock.Instance.GetCurrentInstant();
        var removal = new HubObjectRemoved(OcpiCpo, "NL", "OCP", HubObjectModules.Tariffs, "T1", "partner:ocpi-cpo-platform", removedAt);
        var messageId = Guid.NewGuid();
        var bus = _host.Services.GetRequiredService<Roaming.Platform.Messaging.IIntegrationBus>();
        await bus.Publish(removal, messageId, null, CancellationToken.None);

        (await ZeepTariffs()).ShouldBe(["NL*OCP*TT2"]);
        // OCHP 1.4 has no removal in updates: an e-MSP reading only what changed since its last read learns nothing.
        (await TariffIds(afterUpload)).ShouldBeEmpty();

        await bus.Publish(removal, messageId, null, CancellationToken.None); // redelivered
        await _host.Publish(removal with { ObjectId = "T9" }); // never bridged
        await Received(OcpiCpo, HubObjectModules.Tariffs, "T1", OcpiJson.Serialize(OcpiTariff()), Then); // a late, older version
        (await TariffIds()).ShouldBe(["NL*OCP*TT2"]);
        await using (var session = _host.Store.QuerySession())
        {
            var removals = await session.Events.QueryRawEventDataOnly<OcpiObjectRemoved>().ToListAsync();
            removals.Select(r => (r.ObjectId, string.Join(",", r.Keys))).ShouldBe([("T1", "NLOCPTT1"), ("T9", "")], ignoreOrder: true);
        }
        var removed = await _host.Api.GetFromJsonAsync<JsonArray>("/api/ochp/bridge/objects?state=removed&direction=ocpi-to-ochp");
        removed!.Select(r => r!["object_id"]!.GetValue<string>()).ShouldBe(["T1", "T9"], ignoreOrder: true);

        // Re-created by its CPO later, it is offered again.
        var recreated = removedAt + Duration.FromMinutes(1);
        await Received(OcpiCpo, HubObjectModules.Tariffs, "T1", OcpiJson.Serialize(OcpiTariff() with { LastUpdated = recreated }), recreated);
        (await TariffIds()).ShouldBe(["NL*OCP*TT2", "NL*OCP*TT1"]);
    }

    /// <summary>The tariff ids the OCHP e-MSP <c>emsp-a</c> reads through zeep (all tariffs, no <c>lastUpdate</c>).</summary>
    private async Task<IReadOnlyList<string>> ZeepTariffs()
    {
        var results = await ZeepPeer.Run(_host.Url + "/service/ochp/v1.4?wsdl", [Step("tariffs", "emsp-a", new GetTariffUpdatesRequest())]);
        results["tariffs"]!["error"].ShouldBeNull($"zeep could not read the tariffs: {results["tariffs"]!["error"]}");
        return (results["tariffs"]!["response"]?["TariffInfoArray"] as JsonArray ?? []).Select(t => t!["tariffId"]!.GetValue<string>()).ToList();
    }

    /// <summary>The tariff ids <c>emsp-a</c> reads through our SOAP, all or those changed since <paramref name="since"/>.</summary>
    private async Task<IReadOnlyList<string>> TariffIds(Instant? since = null)
    {
        var reply = await _host.As("emsp-a", new GetTariffUpdatesRequest { LastUpdate = since is { } at ? DateTimeType.From(at) : null });
        reply.ResultCode.ShouldBe("ok");
        return reply.Items("TariffInfoArray").Select(t => t.Element(XName.Get("tariffId", OchpNamespaces.Ochp))!.Value.Trim()).ToList();
    }

    private async Task<Instant> Expiry(string uid)
    {
        var reply = await _host.As("cpo-a", new GetRoamingAuthorisationListRequest());
        var entry = reply.Items("roamingAuthorisationInfoArray").ShouldHaveSingleItem();
        entry.Element(XName.Get("EmtId", OchpNamespaces.Ochp))!.Element(XName.Get("instance", OchpNamespaces.Ochp))!.Value.ShouldBe(uid);
        return DateTimeType.Parse(entry.Element(XName.Get("expiryDate", OchpNamespaces.Ochp))!.Value.Trim());
    }

    [Fact]
    public async Task OCHP_uploads_become_valid_OCPI_objects_for_the_hub_each_whole_and_a_dropped_token_becomes_invalid()
    {
        var chargePoint = OchpSamples.ChargePoint("DE*ABC*E0000001");
        var second = OchpSamples.ChargePoint("DE*ABC*E0000002");
        (await _host.As("cpo-a", new SetChargePointListRequest { ChargePointInfoArray = [chargePoint, second] })).ResultCode.ShouldBe("ok");
        var ttl = SystemClock.Instance.GetCurrentInstant() + Duration.FromHours(1);
        (await _host.As("cpo-a", new UpdateStatusRequest
            { Evse = [new EvseStatusType { EvseId = "DE*ABC*E0000002", Major = MajorStatus.NotAvailable, MinorStatus = MinorStatus.Charging, Ttl = ttl }] })).ResultCode.ShouldBe("ok");
        var forAll = OchpSamples.Tariff();
        forAll.TariffId = "DE*ABC*T2";
        forAll.IndividualTariff.Add(new IndividualTariffType { TariffElement = [OchpSamples.Tariff().IndividualTariff[0].TariffElement[2]], Currency = "EUR" });
        (await _host.As("cpo-a", new UpdateTariffsRequest { TariffInfoArray = [OchpSamples.Tariff(), forAll] })).ResultCode.ShouldBe("ok");
        (await _host.As("emsp-a", new SetRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [Valid("AA01"), Valid("AA02")] }))
            .ResultCode.ShouldBe("ok");
        (await _host.As("emsp-a", new SetRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = [Valid("AA01")] })).ResultCode.ShouldBe("ok");

        await using var session = _host.Store.QuerySession();
        var bridged = (await session.Events.QueryRawEventDataOnly<OchpObjectBridged>().ToListAsync()).ToList();
        var messages = bridged.Select(b => new BridgeMessages().ToMessage(new JasperFx.Events.Event<OchpObjectBridged>(b))).Cast<HubObjectBridged>().ToList();

        var locations = messages.Where(m => m.Module == HubObjectModules.Locations).ToList();
        locations.Select(m => (m.CountryCode, m.PartyId, m.ObjectId, m.ParticipantId, m.Actor)).Distinct().ShouldBe([("DE", "ABC", "BERLIN-0001", "cpo-a", "ochp:cpo-a")]);
        locations.Count.ShouldBe(2); // the list, then the status: the whole location each time
        LocationValidation.TryRead(locations[^1].ObjectJson, out var location, out var errors).ShouldBeTrue(string.Join("; ", errors.ToDictionary().Keys));
        location!.Evses!.Select(e => (e.EvseId, e.Status!.Value)).ShouldBe([("DE*ABC*E0000001", EvseStatus.Unknown), ("DE*ABC*E0000002", EvseStatus.Charging)]);
        locations[^1].LastUpdated.ShouldBeGreaterThan(locations[0].LastUpdated);

        var tariff = messages.Where(m => m.Module == HubObjectModules.Tariffs).ShouldHaveSingleItem();
        OcpiJson.TryRead<Tariff>(tariff.ObjectJson, TariffValidation.Validate, out var ocpiTariff, out _).ShouldBeTrue();
        (ocpiTariff!.CountryCode, ocpiTariff.PartyId, ocpiTariff.Id, ocpiTariff.Elements.Single().PriceComponents.Single().Price).ShouldBe(("DE", "ABC", "DE*ABC*T2", 0.50m));
        var refusals = await _host.Api.GetFromJsonAsync<JsonArray>("/api/ochp/bridge/refusals?direction=ochp-to-ocpi&module=tariffs");
        refusals!.Select(r => $"{r!["object_id"]} {r["state"]}: {r["reasons"]![0]}").ShouldBe([
            "DE*ABC*T1 refused: tariff DE*ABC*T1 has no default individual tariff (only ones for named recipients)",
            "DE*ABC*T2 partly: the individual tariffs for DE8AA, NLTNM are not bridged: an OCPI tariff is the same for every e-MSP",
        ]);

        var tokens = messages.Where(m => m.Module == HubObjectModules.Tokens)
            .Select(m => (m.ObjectId, Valid: OcpiJson.Deserialize<Token>(m.ObjectJson, new Contracts.Validation.FieldErrors())!.Valid)).ToList();
        tokens.ShouldBe([("AA01", (bool?)true), ("AA02", true), ("AA01", true), ("AA02", false)]);
        messages.Where(m => m.Module == HubObjectModules.Tokens).ShouldAllBe(m => TokenValidation.Validate(OcpiJson.Deserialize<Token>(m.ObjectJson, new Contracts.Validation.FieldErrors())!).IsValid);
    }

    private static RoamingAuthorisationInfo Valid(string uid)
    {
        var token = Token(uid, EmspAContract);
        token.ExpiryDate = DateTimeType.From(SystemClock.Instance.GetCurrentInstant() + Duration.FromDays(30));
        return token;
    }

    private static ZeepPeer.Step Step(string name, string user, object request, bool live = false) =>
        new(name, user, Password, OchpOperations.All.Single(o => o.RequestType == request.GetType()).Name,
            OchpXml.ToElement(request).ToString(SaveOptions.DisableFormatting), live);
}
