using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Roaming.Contracts.Clearing.V1;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Ocpi.Hub.Broadcast;
using Roaming.Ocpi.Hub.Cdrs;
using Roaming.Protocols.Bridge;
using Roaming.Ocpi.Pushing;
using Roaming.Platform.Messaging;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ocpi.Tests.Hub.Data;

/// <summary>
/// What the hub answers itself, on the real host (clearing and OCPI modules, PostgreSQL, the delivery worker) with
/// participants' platforms as real HTTP receivers on loopback. Each test uses parties of its own.
/// </summary>
public class HubDataTests(HubDataHost host) : IClassFixture<HubDataHost>
{
    /// <summary>The spec's CDR example at an EVSE of <paramref name="operatorId"/> for a contract of <paramref name="providerId"/>;
    /// <paramref name="hours"/> × 2.00 EUR is its total unless <paramref name="total"/> says otherwise.</summary>
    internal static JsonObject Cdr(string id, string operatorId, string providerId, decimal hours = 2m, decimal total = 4m)
    {
        var cdr = SpecExamples.ReadObject("cdr_example.json");
        var (cc, pid) = (operatorId[..2], operatorId[3..]);
        cdr["country_code"] = cc;
        cdr["party_id"] = pid;
        cdr["id"] = id;
        cdr["cdr_location"]!["evse_id"] = $"{operatorId}*E1";
        cdr["cdr_token"]!["country_code"] = providerId[..2];
        cdr["cdr_token"]!["party_id"] = providerId[3..];
        cdr["cdr_token"]!["contract_id"] = $"{providerId[..2]}-{providerId[3..]}-C12345678";
        cdr["charging_periods"]![0]!["dimensions"]![0]!["volume"] = hours;
        cdr["total_time"] = hours;
        cdr["total_cost"] = new JsonObject { ["excl_vat"] = total, ["incl_vat"] = total * 1.1m };
        foreach (var tariff in cdr["tariffs"]!.AsArray())
        {
            tariff!["country_code"] = cc;
            tariff["party_id"] = pid;
        }
        return cdr;
    }

    internal static JsonObject Token(string providerId, string uid)
    {
        var token = SpecExamples.ReadObject("token_example_2_full_rfid.json");
        token["country_code"] = providerId[..2];
        token["party_id"] = providerId[3..];
        token["uid"] = uid;
        token["contract_id"] = $"{providerId[..2]}-{providerId[3..]}-C{uid[^8..]}";
        return token;
    }

    [Fact]
    public async Task a_cdr_from_an_ocpi_cpo_is_accepted_by_clearing_and_reaches_only_the_connected_ocpi_emsp()
    {
        await host.Participant("cpo-c1", ["BE*CP1"], []);
        await host.Participant("emsp-c1", [], ["DE*MS1"]);
        await host.Participant("emsp-c2", [], ["DE*MS2"]);
        await host.Connect("BE*CP1", "DE*MS1");
        await using var cpoReceivers = await ParticipantPlatform.Start();
        await using var connected = await ParticipantPlatform.Start();
        await using var unconnected = await ParticipantPlatform.Start();
        var cpo = await host.Platform("cpo-c1-platform", "cpo-c1", "CPO", "BE*CP1", cpoReceivers);
        var emsp = await host.Platform("emsp-c1-platform", "emsp-c1", "EMSP", "DE*MS1", connected);
        var other = await host.Platform("emsp-c2-platform", "emsp-c2", "EMSP", "DE*MS2", unconnected);

        var answer = await host.Call(HubDataHost.Push(cpo, "cpo-c1", "cdrs", "POST", []), Cdr("CDR1", "BE*CP1", "DE*MS1"));

        answer.StatusCode.ShouldBe(1000);
        answer.HttpStatus.ShouldBe((int)HttpStatusCode.Created);
        answer.Headers.Location.ToString().ShouldBe($"{host.Url}/ocpi/hub/2.2.1/receiver/cdrs/BE/CP1/CDR1");
        await HubDataHost.Eventually(() => Task.FromResult(connected.Of("cdrs").Count == 1), "the connected e-MSP got the CDR");
        var pushed = connected.Of("cdrs").Single();
        pushed.Method.ShouldBe("POST");
        (pushed.From, pushed.To).ShouldBe(("BE*CP1", "DE*MS1"));
        var body = JsonNode.Parse(pushed.Body)!;
        body["id"]!.GetValue<string>().ShouldBe("CDR1");
        body["cdr_token"]!["contract_id"]!.GetValue<string>().ShouldBe("DE-MS1-C12345678");
        body["last_updated"]!.GetValue<string>().ShouldBe("2015-06-29T22:01:13Z");

        // The e-MSP that is not connected: refused by clearing with the rule, nothing queued for its platform.
        var notConnected = await host.Call(HubDataHost.Push(cpo, "cpo-c1", "cdrs", "POST", []), Cdr("CDR2", "BE*CP1", "DE*MS2"));
        notConnected.StatusCode.ShouldBe(2001);
        notConnected.Message!.ShouldContain("provider-connected");
        (await host.Deliveries(other.Id)).Count.ShouldBe(0);
        (await host.Deliveries(emsp.Id)).Count.ShouldBe(1);
        cpoReceivers.Received.Count.ShouldBe(0);

        // The hub's cdrs sender lists it for the e-MSP's parties only.
        var list = await host.Call(HubDataHost.Get(emsp, "emsp-c1", "cdrs"));
        list.Envelope["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ShouldBe(["CDR1"]);
        list.Headers["X-Total-Count"].ToString().ShouldBe("1");
        (await host.Call(HubDataHost.Get(other, "emsp-c2", "cdrs"))).Envelope["data"]!.AsArray().Count.ShouldBe(0);

        // The CPO reads it back at the URL the hub gave; the other e-MSP cannot.
        var readBack = await host.Call(HubDataHost.Get(cpo, "cpo-c1", "cdrs", interfaceRole: "RECEIVER", path: ["BE", "CP1", "CDR1"]));
        (readBack.StatusCode, readBack.Envelope["data"]!["id"]!.GetValue<string>()).ShouldBe((1000, "CDR1"));
        (await host.Call(HubDataHost.Get(other, "emsp-c2", "cdrs", interfaceRole: "RECEIVER", path: ["BE", "CP1", "CDR1"]))).HttpStatus.ShouldBe(404);

        // The CPO follows the status on Clearing's operator API; the e-MSP's approval there is what it sees next.
        var clearingId = ClearingCdrId.Of(
            Cdr("CDR1", "BE*CP1", "DE*MS1").Deserialize<Roaming.Protocols.Ocpi.Cdrs.Cdr>(Roaming.Protocols.Ocpi.OcpiJson.Options)!);
        clearingId.ShouldBe("BECP1CDR1");
        StatusOf(await host.Json("/api/clearing/cdrs?participant=cpo-c1"), clearingId).ShouldBe("accepted");
        (await host.Api.PostAsync($"/api/clearing/cdrs/cpo-c1.{clearingId}/approve", null)).EnsureSuccessStatusCode();
        StatusOf(await host.Json("/api/clearing/cdrs?participant=cpo-c1"), clearingId).ShouldBe("approved");
    }

    private static string? StatusOf(JsonElement list, string cdrId) =>
        list.EnumerateArray().Where(c => c.GetProperty("cdr_id").GetString() == cdrId).Select(c => c.GetProperty("status").GetString()).SingleOrDefault();

    [Fact]
    public async Task an_implausible_cdr_gets_2001_with_the_rule_and_is_kept_by_clearing_but_not_sent()
    {
        await host.Participant("cpo-i1", ["BE*CI1"], []);
        await host.Participant("emsp-i1", [], ["DE*MI1"]);
        await host.Connect("BE*CI1", "DE*MI1");
        await using var receivers = await ParticipantPlatform.Start();
        var cpo = await host.Platform("cpo-i1-platform", "cpo-i1", "CPO", "BE*CI1", receivers);
        await using var emspReceivers = await ParticipantPlatform.Start();
        var emsp = await host.Platform("emsp-i1-platform", "emsp-i1", "EMSP", "DE*MI1", emspReceivers);

        // 1.973 h × 2.00 EUR is 3.95, not the 4.00 the CDR states.
        var implausible = await host.Call(HubDataHost.Push(cpo, "cpo-i1", "cdrs", "POST", []), Cdr("BAD1", "BE*CI1", "DE*MI1", hours: 1.973m));
        implausible.StatusCode.ShouldBe(2001);
        implausible.Message!.ShouldContain("total-cost");
        var kept = await host.Json("/api/clearing/cdrs/cpo-i1.BECI1BAD1");
        kept.GetProperty("cdr").GetProperty("status").GetString().ShouldBe("implausible");

        // Breaking OCPI's rules: 2001 naming the field, and clearing never sees it.
        var broken = Cdr("BROKEN1", "BE*CI1", "DE*MI1");
        broken.Remove("currency");
        var refused = await host.Call(HubDataHost.Push(cpo, "cpo-i1", "cdrs", "POST", []), broken);
        refused.StatusCode.ShouldBe(2001);
        refused.Message!.ShouldContain("currency");
        (await host.Api.GetAsync("/api/clearing/cdrs/cpo-i1.BECI1BROKEN1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A good one afterwards arrives: the positive signal, then the count shows the implausible one was never sent.
        (await host.Call(HubDataHost.Push(cpo, "cpo-i1", "cdrs", "POST", []), Cdr("GOOD1", "BE*CI1", "DE*MI1"))).StatusCode.ShouldBe(1000);
        await HubDataHost.Eventually(() => Task.FromResult(emspReceivers.Of("cdrs").Count == 1), "the good CDR arrived");
        JsonNode.Parse(emspReceivers.Of("cdrs").Single().Body)!["id"]!.GetValue<string>().ShouldBe("GOOD1");
        (await host.Deliveries(emsp.Id)).Count.ShouldBe(1);

        // Pushed again (a CPO that lost our answer): taken, and still one CDR for the e-MSP.
        (await host.Call(HubDataHost.Push(cpo, "cpo-i1", "cdrs", "POST", []), Cdr("GOOD1", "BE*CI1", "DE*MI1"))).StatusCode.ShouldBe(1000);
        (await host.Deliveries(emsp.Id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_broadcast_token_reaches_only_the_connected_cpos_and_is_published_for_the_ochp_side()
    {
        await host.Participant("emsp-t1", [], ["DE*TK1"]);
        await host.Participant("cpo-t1", ["NL*TC1"], []);
        await host.Participant("cpo-t2", ["NL*TC2"], []);
        await host.Connect("NL*TC1", "DE*TK1");
        await using var emspReceivers = await ParticipantPlatform.Start();
        await using var connected = await ParticipantPlatform.Start();
        await using var unconnected = await ParticipantPlatform.Start();
        var emsp = await host.Platform("emsp-t1-platform", "emsp-t1", "EMSP", "DE*TK1", emspReceivers);
        var cpo = await host.Platform("cpo-t1-platform", "cpo-t1", "CPO", "NL*TC1", connected);
        var other = await host.Platform("cpo-t2-platform", "cpo-t2", "CPO", "NL*TC2", unconnected);

        var token = Token("DE*TK1", "0123456789AB");
        var answer = await host.Call(HubDataHost.Push(emsp, "emsp-t1", "tokens", "PUT", ["DE", "TK1", "0123456789AB"], to: HubDataHost.HubParty), token);
        answer.StatusCode.ShouldBe(1000);
        answer.HttpStatus.ShouldBe((int)HttpStatusCode.Created);

        await HubDataHost.Eventually(() => Task.FromResult(connected.Of("tokens").Count == 1), "the connected CPO got the token");
        var pushed = connected.Of("tokens").Single();
        (pushed.Method, pushed.Path, pushed.From, pushed.To).ShouldBe(("PUT", "/ocpi/2.2.1/tokens/DE/TK1/0123456789AB", "DE*TK1", "NL*TC1"));
        var body = JsonNode.Parse(pushed.Body)!;
        body["last_updated"]!.GetValue<string>().ShouldBe("2018-12-10T17:25:10Z");
        body["contract_id"]!.GetValue<string>().ShouldBe("DE-TK1-C456789AB");
        (await host.Deliveries(other.Id)).Count.ShouldBe(0);
        (await host.Deliveries(emsp.Id)).Count.ShouldBe(0);

        // A PATCH is merged and sent whole; last_updated is the owner's.
        var patch = new JsonObject { ["valid"] = false, ["last_updated"] = "2018-12-11T08:00:00Z" };
        (await host.Call(HubDataHost.Push(emsp, "emsp-t1", "tokens", "PATCH", ["DE", "TK1", "0123456789AB"]), patch)).StatusCode.ShouldBe(1000);
        await HubDataHost.Eventually(() => Task.FromResult(connected.Of("tokens").Count == 2), "the connected CPO got the patched token");
        var patched = JsonNode.Parse(connected.Of("tokens").Last().Body)!;
        (patched["valid"]!.GetValue<bool>(), patched["whitelist"]!.GetValue<string>(), patched["last_updated"]!.GetValue<string>())
            .ShouldBe((false, "ALLOWED", "2018-12-11T08:00:00Z"));

        // The hub's tokens sender: the connected CPO sees it, the other one nothing.
        var list = await host.Call(HubDataHost.Get(cpo, "cpo-t1", "tokens"));
        list.Envelope["data"]!.AsArray().Select(t => t!["uid"]!.GetValue<string>()).ShouldBe(["0123456789AB"]);
        (await host.Call(HubDataHost.Get(other, "cpo-t2", "tokens"))).Envelope["data"]!.AsArray().Count.ShouldBe(0);

        // Published for the OCHP side, from the committed event (the outbox).
        await using (var session = host.Store.QuerySession())
        {
            var events = await session.Events.FetchStreamAsync(HubObject.KeyFor("tokens", "DE", "TK1", "0123456789AB"));
            var published = events.Select(new OcpiIntegrationEvents().ToMessage).OfType<HubObjectReceived>().ToList();
            published.Select(m => (m.ParticipantId, m.CountryCode, m.PartyId, m.Module, m.ObjectId, m.Actor))
                .ShouldBe([("emsp-t1", "DE", "TK1", "tokens", "0123456789AB", "partner:emsp-t1-platform"),
                    ("emsp-t1", "DE", "TK1", "tokens", "0123456789AB", "partner:emsp-t1-platform")]);
            published[1].ObjectJson.ShouldContain("\"valid\":false");
            events.Select(e => e.Data).OfType<HubObjectForwarded>().Select(f => (f.PartnerId, f.ToParty)).Distinct()
                .ShouldBe([("cpo-t1-platform", "NL*TC1")]);
        }
    }

    [Fact]
    public async Task bad_or_foreign_broadcasts_are_refused_and_nothing_is_stored()
    {
        await host.Participant("emsp-b1", [], ["DE*BD1"]);
        await host.Participant("cpo-b1", ["NL*BC1"], []);
        await host.Connect("NL*BC1", "DE*BD1");
        await using var receivers = await ParticipantPlatform.Start();
        var emsp = await host.Platform("emsp-b1-platform", "emsp-b1", "EMSP", "DE*BD1", receivers);

        var invalid = Token("DE*BD1", "BAD0000001");
        invalid.Remove("whitelist");
        var refused = await host.Call(HubDataHost.Push(emsp, "emsp-b1", "tokens", "PUT", ["DE", "BD1", "BAD0000001"]), invalid);
        (refused.HttpStatus, refused.StatusCode).ShouldBe((200, 2001));
        refused.Message!.ShouldContain("whitelist");

        // Another party's object (its cc/pid in the URL): not one of the caller's parties.
        var foreign = await host.Call(HubDataHost.Push(emsp, "emsp-b1", "tokens", "PUT", ["NL", "BC1", "X1"]), Token("NL*BC1", "X100000001"));
        foreign.HttpStatus.ShouldBe(404);
        // An e-MSP party pushing locations: locations belong to CPOs.
        var location = SpecExamples.ReadObject("location_example.json");
        location["country_code"] = "DE";
        location["party_id"] = "BD1";
        var wrongRole = await host.Call(HubDataHost.Push(emsp, "emsp-b1", "locations", "PUT", ["DE", "BD1", location["id"]!.GetValue<string>()]), location);
        wrongRole.HttpStatus.ShouldBe(404);

        await using var session = host.Store.QuerySession();
        (await session.Query<HubObject>().Where(o => o.Party == "DE*BD1").CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task an_offline_emsp_receives_the_locations_and_cdrs_after_coming_back()
    {
        await host.Participant("cpo-o1", ["FR*CO1"], []);
        await host.Participant("emsp-o1", [], ["FR*MO1"]);
        await host.Connect("FR*CO1", "FR*MO1");
        await using var cpoReceivers = await ParticipantPlatform.Start();
        await using var offline = await ParticipantPlatform.Start();
        var cpo = await host.Platform("cpo-o1-platform", "cpo-o1", "CPO", "FR*CO1", cpoReceivers);
        var emsp = await host.Platform("emsp-o1-platform", "emsp-o1", "EMSP", "FR*MO1", offline);
        await offline.GoDown();

        var location = SpecExamples.ReadObject("location_example.json");
        location["country_code"] = "FR";
        location["party_id"] = "CO1";
        var locationId = location["id"]!.GetValue<string>();
        (await host.Call(HubDataHost.Push(cpo, "cpo-o1", "locations", "PUT", ["FR", "CO1", locationId]), location)).StatusCode.ShouldBe(1000);
        (await host.Call(HubDataHost.Push(cpo, "cpo-o1", "cdrs", "POST", []), Cdr("OFF1", "FR*CO1", "FR*MO1"))).StatusCode.ShouldBe(1000);

        await HubDataHost.Eventually(async () => (await host.Deliveries(emsp.Id)) is { Count: 2 } queued &&
            queued.All(d => DeliveryStatus.IsWaiting(d.Status)) && queued.Any(d => d.Attempts >= 1 && d.Status == DeliveryStatus.Retrying),
            "both pushes are queued and the platform was found unreachable");
        await offline.ComeBack();
        await HubDataHost.Eventually(() => Task.FromResult(offline.Of("cdrs").Count == 1 && offline.Of("locations").Count == 1), "the e-MSP got both after coming back");
        offline.Of("locations").Single().Path.ShouldBe($"/ocpi/2.2.1/locations/FR/CO1/{locationId}");
        await HubDataHost.Eventually(async () => (await host.Deliveries(emsp.Id)).All(d => d.Status == DeliveryStatus.Delivered),
            "both deliveries are recorded as delivered");
        (await host.Deliveries(emsp.Id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task an_ochp_participants_bridged_location_reaches_the_connected_ocpi_emsp()
    {
        await host.Participant("cpo-h1", ["DE*OH1"], []);
        await host.Participant("emsp-h1", [], ["NL*EH1"]);
        await host.Connect("DE*OH1", "NL*EH1");
        await using var receivers = await ParticipantPlatform.Start();
        var emsp = await host.Platform("emsp-h1-platform", "emsp-h1", "EMSP", "NL*EH1", receivers);

        var location = SpecExamples.ReadObject("location_example.json");
        location["country_code"] = "DE";
        location["party_id"] = "OH1";
        var bridged = new HubObjectBridged("cpo-h1", "DE", "OH1", "locations", location["id"]!.GetValue<string>(), location.ToJsonString(),
            Roaming.Protocols.Ocpi.OcpiDateTime.TryParse(location["last_updated"]!.GetValue<string>())!.Value, "ochp:cpo-h1");
        var bus = host.Services.GetRequiredService<IIntegrationBus>();
        var messageId = Guid.NewGuid();
        await bus.Publish(bridged, messageId, null, CancellationToken.None);
        await bus.Publish(bridged, messageId, null, CancellationToken.None);

        await HubDataHost.Eventually(() => Task.FromResult(receivers.Of("locations").Count == 1), "the OCPI e-MSP got the OCHP location");
        (receivers.Of("locations").Single().From, receivers.Of("locations").Single().To).ShouldBe(("DE*OH1", "NL*EH1"));
        (await host.Deliveries(emsp.Id)).Count.ShouldBe(1);
        var list = await host.Call(HubDataHost.Get(emsp, "emsp-h1", "locations"));
        list.Envelope["data"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task an_ochp_cpos_cdr_accepted_by_clearing_reaches_the_ocpi_emsp_as_an_ocpi_cdr_once_the_evses_position_is_known()
    {
        await host.Participant("cpo-x1", ["DE*OX1"], []);
        await host.Participant("emsp-x1", [], ["NL*EX1"]);
        await host.Connect("DE*OX1", "NL*EX1");
        await using var receivers = await ParticipantPlatform.Start();
        var emsp = await host.Platform("emsp-x1-platform", "emsp-x1", "EMSP", "NL*EX1", receivers);

        // The CPO uploads over OCHP: the clearing facts with the CDRInfo element as the document.
        var ocpi = Cdr("OX1", "DE*OX1", "NL*EX1").Deserialize<Roaming.Protocols.Ocpi.Cdrs.Cdr>(Roaming.Protocols.Ocpi.OcpiJson.Options)!;
        Roaming.Contracts.Identifiers.OperatorId.TryParse("DE*OX1", out var operatorId).ShouldBeTrue();
        var info = Roaming.Protocols.Bridge.OcpiCdrToOchpCdr.Map(ocpi, operatorId, NodaTime.DateTimeZone.Utc).Value!;
        var element = Roaming.Protocols.Ochp.OchpXml.ToElement(info);
        var document = new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("cdrInfoArray", Roaming.Protocols.Ochp.OchpNamespaces.Ochp), element.Attributes(),
            element.Nodes()).ToString();
        var facts = OcpiCdrForClearing.Map(ocpi, "") with { CdrId = info.CdrId, Protocol = OchpCdrForOcpi.Protocol, Document = document };
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var clearing = scope.ServiceProvider.GetRequiredService<MassTransit.IRequestClient<SubmitCdrs>>();
            var submitted = await clearing.GetResponse<CdrsSubmitted>(new SubmitCdrs("cpo-x1", "ochp:cpo-x1", [facts], NodaTime.SystemClock.Instance.GetCurrentInstant()));
            submitted.Message.Outcomes.Single().Outcome.ShouldBe(CdrSubmissionOutcomes.Accepted);
        }
        // OCPI needs the CDR's position, which OCHP CDRs lack: it waits for the CPO's charge points.
        await HubDataHost.Eventually(async () =>
        {
            await using var session = host.Store.QuerySession();
            return (await session.LoadAsync<HubCdrClearing>(HubCdrClearing.IdOf("DE*OX1", info.CdrId)))?.Problem?.Contains("coordinates") == true;
        }, "the CDR waits for its EVSE's position");

        // The OCHP CPO's charge points arrive, bridged as a location.
        var location = SpecExamples.ReadObject("location_example.json");
        location["country_code"] = "DE";
        location["party_id"] = "OX1";
        location["evses"]![0]!["evse_id"] = "DE*OX1*E1";
        var bus = host.Services.GetRequiredService<IIntegrationBus>();
        await bus.Publish(new HubObjectBridged("cpo-x1", "DE", "OX1", "locations", "LOC1", location.ToJsonString(),
            Roaming.Protocols.Ocpi.OcpiDateTime.TryParse(location["last_updated"]!.GetValue<string>())!.Value, "ochp:cpo-x1"), Guid.NewGuid(), null,
            CancellationToken.None);

        await HubDataHost.Eventually(() => Task.FromResult(receivers.Of("cdrs").Count == 1 && receivers.Of("locations").Count == 1),
            "the OCPI e-MSP got the OCHP CPO's location and CDR");
        var pushed = receivers.Of("cdrs").Single();
        (pushed.From, pushed.To).ShouldBe(("DE*OX1", "NL*EX1"));
        var cdr = JsonNode.Parse(pushed.Body)!;
        (cdr["country_code"]!.GetValue<string>(), cdr["party_id"]!.GetValue<string>(), cdr["id"]!.GetValue<string>()).ShouldBe(("DE", "OX1", info.CdrId));
        cdr["cdr_location"]!["evse_id"]!.GetValue<string>().ShouldBe("DE*OX1*E1");
        cdr["cdr_location"]!["coordinates"]!["latitude"]!.GetValue<string>().ShouldBe("51.047599");
        cdr["cdr_token"]!["contract_id"]!.GetValue<string>().ShouldBe("NL-EX1-C12345678");
        cdr["total_cost"]!["excl_vat"]!.GetValue<decimal>().ShouldBe(4m);
        (await host.Deliveries(emsp.Id)).Count(d => d.Module == "cdrs").ShouldBe(1);
        await using (var session = host.Store.QuerySession())
            (await session.LoadAsync<HubCdrClearing>(HubCdrClearing.IdOf("DE*OX1", info.CdrId)))!.Problem.ShouldBeNull();
    }

    [Fact]
    public async Task a_newly_connected_emsp_gets_what_the_cpo_broadcast_before()
    {
        await host.Participant("cpo-n1", ["BE*CN1"], []);
        await host.Participant("emsp-n1", [], ["DE*MN1"]);
        await using var cpoReceivers = await ParticipantPlatform.Start();
        await using var emspReceivers = await ParticipantPlatform.Start();
        var cpo = await host.Platform("cpo-n1-platform", "cpo-n1", "CPO", "BE*CN1", cpoReceivers);
        await host.Platform("emsp-n1-platform", "emsp-n1", "EMSP", "DE*MN1", emspReceivers);
        var location = SpecExamples.ReadObject("location_example.json");
        (location["country_code"], location["party_id"]) = ("BE", "CN1");
        (await host.Call(HubDataHost.Push(cpo, "cpo-n1", "locations", "PUT", ["BE", "CN1", "LOC1"], to: HubDataHost.HubParty), location)).StatusCode.ShouldBe(1000);
        var tariff = SpecExamples.ReadObject("tariff_1_simple_2hour.json");
        (tariff["country_code"], tariff["party_id"]) = ("BE", "CN1");
        var tariffId = tariff["id"]!.GetValue<string>();
        (await host.Call(HubDataHost.Push(cpo, "cpo-n1", "tariffs", "PUT", ["BE", "CN1", tariffId], to: HubDataHost.HubParty), tariff)).StatusCode.ShouldBe(1000);

        await host.Connect("BE*CN1", "DE*MN1");

        await HubDataHost.Eventually(() => Task.FromResult(emspReceivers.Of("locations").Count == 1 && emspReceivers.Of("tariffs").Count == 1),
            "the newly connected e-MSP got the location and the tariff");
        emspReceivers.Of("tariffs").Single().Path.ShouldBe($"/ocpi/2.2.1/tariffs/BE/CN1/{tariffId}");
        (emspReceivers.Of("locations").Single().From, emspReceivers.Of("locations").Single().To).ShouldBe(("BE*CN1", "DE*MN1"));
    }

    [Fact]
    public async Task a_cdr_without_its_tariffs_is_priced_by_the_tariffs_the_cpo_broadcast()
    {
        await host.Participant("cpo-r1", ["BE*CR1"], []);
        await host.Participant("emsp-r1", [], ["DE*MR1"]);
        await host.Connect("BE*CR1", "DE*MR1");
        await using var receivers = await ParticipantPlatform.Start();
        var cpo = await host.Platform("cpo-r1-platform", "cpo-r1", "CPO", "BE*CR1", receivers);

        var unpriced = Cdr("NOTARIFF1", "BE*CR1", "DE*MR1");
        var tariff = unpriced["tariffs"]![0]!.DeepClone().AsObject();
        unpriced.Remove("tariffs");
        var refused = await host.Call(HubDataHost.Push(cpo, "cpo-r1", "cdrs", "POST", []), unpriced);
        refused.StatusCode.ShouldBe(2001);
        refused.Message!.ShouldContain("total-cost");

        // The CPO broadcasts tariff 12, which the CDR's period names: the same CDR (fixed id aside) is now plausible.
        (await host.Call(HubDataHost.Push(cpo, "cpo-r1", "tariffs", "PUT", ["BE", "CR1", "12"], to: HubDataHost.HubParty), tariff)).StatusCode.ShouldBe(1000);
        unpriced["id"] = "NOTARIFF2";
        var accepted = await host.Call(HubDataHost.Push(cpo, "cpo-r1", "cdrs", "POST", []), unpriced);
        accepted.StatusCode.ShouldBe(1000, accepted.Message);
    }
}
