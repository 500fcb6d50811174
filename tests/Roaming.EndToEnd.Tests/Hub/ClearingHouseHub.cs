using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using NodaTime;
using Roaming.EndToEnd.Tests.Ocpi;
using Roaming.Protocols.Ochp;
using Roaming.Testing;
using Shouldly;

namespace Roaming.EndToEnd.Tests.Hub;

/// <summary>
/// The clearing house (the real <c>roaming run</c> with clearing, OCHP and OCPI) as OCPI hub and OCHP↔OCPI bridge, with
/// participants of both protocols: an OCHP CPO and an OCHP e-MSP (the independent zeep peer), an OCPI e-MSP that is a
/// second Roaming instance (registered with the hub through its own operator API), an OCPI CPO that is a plain HTTP
/// platform written from the spec, and a second plain e-MSP that is registered but has no roaming connection.
/// </summary>
public class ClearingHouseHub
{
    private const string OchpPassword = "e2e-hub-ochp-secret-1";
    private const string OchpCpoContract = "NL-EMB-C00000001";
    private const string OcpiCpoContract = "DE-OEM-C00000002";

    [Fact]
    public async Task participants_of_both_protocols_reach_each_other_through_the_hub_and_only_their_connected_partners()
    {
        var hubSettings = new Dictionary<string, string>
        {
            // Pushes the hub makes are retried quickly here, so that a receiver's outage ends within the test.
            ["Roaming__Ocpi__DeliveryFirstRetryAfter"] = "00:00:00.200",
            ["Roaming__Ocpi__DeliveryMaxRetryInterval"] = "00:00:01",
            ["Roaming__Ocpi__Hub__OfflineHold"] = "00:00:01",
        };
        await using var hub = await PartyInstance.Start("roaming_e2e_hub_chs", "NL*CHS", hubSettings, "--services", "clearing,ochp,ocpi");
        try
        {
            await Exchange(hub);
        }
        catch (Exception failure) when (failure is TimeoutException or ShouldAssertException)
        {
            // The participants' view says what did not arrive; the hub's queues and log say why.
            throw new ShouldAssertException($"{failure.Message}\n--- clearing house ---\n{await Diagnose(hub)}\n--- log ---\n{hub.Output[Math.Max(0, hub.Output.Length - 30_000)..]}", failure);
        }
    }

    private static async Task Exchange(PartyInstance hub)
    {
        await Put(hub, "/api/clearing/participants/ochp-cpo", new { name = "OCHP CPO", operator_ids = new[] { "DE*OCP" }, ochp = new { username = "ochp-cpo", password = OchpPassword } });
        await Put(hub, "/api/clearing/participants/ochp-emsp", new { name = "OCHP e-MSP", provider_ids = new[] { "DE*OEM" }, ochp = new { username = "ochp-emsp", password = OchpPassword } });
        await Put(hub, "/api/clearing/participants/ocpi-emsp", new { name = "OCPI e-MSP (Roaming)", provider_ids = new[] { "NL*EMB" } });
        await Put(hub, "/api/clearing/participants/ocpi-cpo", new { name = "OCPI CPO (plain)", operator_ids = new[] { "NL*CPP" } });
        await Put(hub, "/api/clearing/participants/lonely", new { name = "Unconnected e-MSP", provider_ids = new[] { "NL*LON" } });
        await Put(hub, "/api/clearing/connections/DE*OCP/NL*EMB", new { });
        await Put(hub, "/api/clearing/connections/NL*CPP/DE*OEM", new { });
        await Put(hub, "/api/clearing/connections/NL*CPP/NL*EMB", new { });

        // The OCPI e-MSP is another Roaming: its operator registers it with the hub using the token A the hub's operator issued.
        await using var emsp = await PartyInstance.Start("roaming_e2e_hub_emsp", "NL*EMB", new Dictionary<string, string> { ["Roaming__Ocpi__Roles__0"] = "EMSP" });
        var emspJoin = await IssueTokenA(hub, "ocpi-emsp");
        var hubOnEmsp = (await emsp.Post("/api/partners/register", new { versions_url = emspJoin.VersionsUrl, token_a = emspJoin.TokenA }))["id"]!.GetValue<string>();
        await using var cpo = await PlainOcpiPlatform.Start("NL", "CPP", "CPO");
        var cpoJoin = await IssueTokenA(hub, "ocpi-cpo");
        (await cpo.Register(cpoJoin.VersionsUrl, cpoJoin.TokenA))["data"]!["roles"]![0]!["role"]!.GetValue<string>().ShouldBe("HUB");
        await using var lonely = await PlainOcpiPlatform.Start("NL", "LON", "EMSP");
        var lonelyJoin = await IssueTokenA(hub, "lonely");
        await lonely.Register(lonelyJoin.VersionsUrl, lonelyJoin.TokenA);

        // hubclientinfo: the Roaming e-MSP learns every party behind the hub, OCHP ones included, and so whom it may address.
        await emsp.WaitFor($"/api/partners/{hubOnEmsp}", p => new[] { "NL*CPP", "DE*OCP" }.All(party => p["hub_clients"]!.AsArray()
            .Any(c => c!["party"]!.GetValue<string>() == party && c["status"]!.GetValue<string>() == "CONNECTED")), TimeSpan.FromSeconds(60), "hub clients reported");
        var clients = await hub.WaitFor("/api/hub/clients", c => c.AsArray().Count >= 5, TimeSpan.FromSeconds(30), "the hub's clients");
        clients.AsArray().Select(c => c!["party"]?.GetValue<string>() ?? $"{c["country_code"]}*{c["party_id"]}").ShouldContain("NL*LON");

        var wsdl = hub.Url + "/service/ochp/v1.4?wsdl";

        // 1. An OCHP CPO's charge points reach the OCPI e-MSP as a Location, and its CDR, accepted by the clearing house, as
        // an OCPI 2.2.1 CDR (whose location the charge point list gave).
        var ochpCdr = OchpCdr("DEOCP00000000000000000000000000001", "DE*OCP*E0001", OchpCpoContract);
        var upload = await ZeepPeer.RunWhenAuthorized(wsdl, [
                Step("points", "ochp-cpo", "SetChargepointList", new SetChargePointListRequest { ChargePointInfoArray = [OchpChargePoint("DE*OCP*E0001")] }),
                Step("upload", "ochp-cpo", "AddCDRs", new AddCdrsRequest { CdrInfoArray = [ochpCdr] })],
            "GetCDRs", OchpXml.ToElement(new GetCdrsRequest()).ToString());
        ZeepPeer.ResultCode(upload, "points").ShouldBe("ok", upload.ToJsonString());
        ZeepPeer.ResultCode(upload, "upload").ShouldBe("ok", upload.ToJsonString());
        var bridgedLocation = (await emsp.WaitFor($"/api/partners/{hubOnEmsp}/objects/locations", l => l.AsArray().Count == 1, TimeSpan.FromSeconds(60),
            "the OCHP CPO's charge point as a Location")).AsArray().Single()!;
        ((bridgedLocation["object"] ?? bridgedLocation)["evses"]![0]!["evse_id"]!.GetValue<string>()).ShouldBe("DE*OCP*E0001");
        var pushedCdr = (await emsp.WaitFor($"/api/partners/{hubOnEmsp}/objects/cdrs", c => c.AsArray().Count == 1, TimeSpan.FromSeconds(60),
            "the OCHP CPO's CDR pushed by the hub")).AsArray().Single()!;
        var cdrObject = pushedCdr["object"] ?? pushedCdr;
        (cdrObject["country_code"]!.GetValue<string>(), cdrObject["party_id"]!.GetValue<string>(), cdrObject["currency"]!.GetValue<string>())
            .ShouldBe(("DE", "OCP", "EUR"));
        cdrObject["total_cost"]!["excl_vat"]!.GetValue<decimal>().ShouldBe(8.55m);
        cdrObject["total_energy"]!.GetValue<decimal>().ShouldBe(22.5m);

        // 2. An OCPI CPO's CDR (plain HTTP, as the spec's example) goes through the clearing workflow and reaches the OCHP e-MSP.
        var ocpiCdr = OcpiCdr("CPPCDR0001", OcpiCpoContract);
        var posted = await cpo.Send(HttpMethod.Post, cpo.HubEndpoints[("cdrs", "RECEIVER")], ocpiCdr, ("DE", "OEM"));
        posted["status_code"]!.GetValue<int>().ShouldBe(1000, posted.ToJsonString());
        var fetched = await WaitForOchpCdrs(wsdl, "ochp-emsp", cdrs => cdrs.Any(c => c["evseId"]?.GetValue<string>() == "NL*CPP*E0001"));
        var asOchp = fetched.Single(c => c["evseId"]!.GetValue<string>() == "NL*CPP*E0001");
        // OCHP CDR ids start with the compact Operator-ID: the clearing house prefixes the OCPI id with it.
        var clearingCdrId = asOchp["CdrId"]!.GetValue<string>();
        clearingCdrId.ShouldBe("NLCPPCPPCDR0001");
        (asOchp["evseId"]!.GetValue<string>(), asOchp["contractId"]!.GetValue<string>(), decimal.Parse(asOchp["totalCost"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(("NL*CPP*E0001", OcpiCpoContract, 4.50m));
        // The e-MSP approves over OCHP; the OCPI CPO's operator sees it approved on the clearing house's CDR view.
        var confirm = await ZeepPeer.Run(wsdl, [Step("confirm", "ochp-emsp", "ConfirmCDRs", new ConfirmCdrsRequest
        {
            Approved = [new CdrConfirmation { CdrId = clearingCdrId, EvseId = "NL*CPP*E0001" }],
        })]);
        ZeepPeer.ResultCode(confirm, "confirm").ShouldBe("ok", confirm.ToJsonString());
        await hub.WaitFor("/api/clearing/cdrs?participant=ocpi-cpo", c => c.AsArray().Any(x => x!["cdr_id"]!.GetValue<string>() == clearingCdrId
            && x["status"]!.GetValue<string>() == "approved"), TimeSpan.FromSeconds(30), "the OCPI CPO's CDR approved");

        // 3. Tokens both ways. The OCHP e-MSP's authorisation list reaches the connected OCPI CPO as OCPI Tokens ...
        var list = await ZeepPeer.Run(wsdl, [Step("tokens", "ochp-emsp", "SetRoamingAuthorisationList", new SetRoamingAuthorisationListRequest
        {
            RoamingAuthorisationInfoArray = [Authorisation("04AABBCCDD0001", OcpiCpoContract)],
        })]);
        ZeepPeer.ResultCode(list, "tokens").ShouldBe("ok", list.ToJsonString());
        var token = await cpo.WaitFor(r => r.Method == "PUT" && r.Path.StartsWith("receiver/tokens/DE/OEM/", StringComparison.Ordinal), TimeSpan.FromSeconds(60),
            "the OCHP e-MSP's token");
        (token.Body!["uid"]!.GetValue<string>(), token.Body["contract_id"]!.GetValue<string>(), token.Body["valid"]!.GetValue<bool>())
            .ShouldBe(("04AABBCCDD0001", OcpiCpoContract, true));
        (token.Headers["OCPI-from-country-code"], token.Headers["OCPI-from-party-id"]).ShouldBe(("DE", "OEM"));
        // ... and the OCPI e-MSP's token reaches the OCHP CPO's GetRoamingAuthorisationList.
        await emsp.Put("/api/tokens/04EEFF00112233", $$"""
            {"country_code": "NL", "party_id": "EMB", "uid": "04EEFF00112233", "type": "RFID", "contract_id": "{{OchpCpoContract}}", "issuer": "EMB Mobility",
             "valid": true, "whitelist": "ALLOWED", "visual_number": "EMB-1", "last_updated": "2026-12-01T10:00:00Z"}
            """);
        var authorisations = await WaitForOchp(wsdl, "ochp-cpo", "GetRoamingAuthorisationList", OchpXml.ToElement(new GetRoamingAuthorisationListRequest()).ToString(),
            response => (response["roamingAuthorisationInfoArray"] as JsonArray ?? []).Any(a => a!["contractId"]?.GetValue<string>() == OchpCpoContract));
        (authorisations["roamingAuthorisationInfoArray"] as JsonArray)!.Single(a => a!["contractId"]!.GetValue<string>() == OchpCpoContract)!["EmtId"]!["instance"]!
            .GetValue<string>().ShouldBe("04EEFF00112233");

        // 4. START_SESSION from the Roaming e-MSP to the plain CPO through the hub; the asynchronous result comes back through it.
        var start = await emsp.Post($"/api/partners/{hubOnEmsp}/commands/START_SESSION?to=NL*CPP", new JsonObject
        {
            ["token"] = new JsonObject
            {
                ["country_code"] = "NL", ["party_id"] = "EMB", ["uid"] = "04EEFF00112233", ["type"] = "RFID", ["contract_id"] = OchpCpoContract,
                ["issuer"] = "EMB Mobility", ["valid"] = true, ["whitelist"] = "ALLOWED", ["last_updated"] = "2026-12-01T10:00:00Z",
            },
            ["location_id"] = "LOC-CPP-1",
            ["evse_uid"] = "E0001",
        });
        start["status_code"]!.GetValue<int>().ShouldBe(1000, start.ToJsonString());
        var command = await cpo.WaitFor(r => r.Method == "POST" && r.Path == "receiver/commands/START_SESSION", TimeSpan.FromSeconds(10), "START_SESSION");
        command.Body!["response_url"]!.GetValue<string>().ShouldStartWith(hub.Url, customMessage: "the hub gives the CPO its own callback URL");
        await WaitUntil(() => !cpo.CommandResultAnswers.IsEmpty, TimeSpan.FromSeconds(30), "the CPO posting the command's result");
        cpo.CommandResultAnswers.Single().ShouldContain("\"status_code\":1000");
        var result = await emsp.WaitFor($"/api/partners/{hubOnEmsp}/commands/{start["command_id"]!.GetValue<string>()}", c => c["result"] is not null,
            TimeSpan.FromSeconds(30), "the command's result through the hub");
        result["result"]!.ToJsonString().ShouldContain("ACCEPTED");

        // 5. The plain CPO's location, broadcast to the hub, reaches its connected e-MSPs: the Roaming one over OCPI and the
        // OCHP one as a charge point. The CPO is then unreachable for a while; a token that changes meanwhile arrives afterwards.
        var location = Location("LOC-CPP-1");
        var broadcast = await cpo.Send(HttpMethod.Put, $"{cpo.HubEndpoints[("locations", "RECEIVER")]}/NL/CPP/LOC-CPP-1", location, ("NL", "CHS"));
        broadcast["status_code"]!.GetValue<int>().ShouldBe(1000, broadcast.ToJsonString());
        await emsp.WaitFor($"/api/partners/{hubOnEmsp}/objects/locations", l => l.AsArray().Count == 2, TimeSpan.FromSeconds(60), "the broadcast location");
        var chargePoints = await WaitForOchp(wsdl, "ochp-emsp", "GetChargePointList", OchpXml.ToElement(new GetChargePointListRequest()).ToString(),
            response => (response["chargePointInfoArray"] as JsonArray ?? []).Any(c => c!["evseId"]?.GetValue<string>() == "NL*CPP*E0001"));
        (chargePoints["chargePointInfoArray"] as JsonArray)!.Count(c => c!["evseId"]!.GetValue<string>().StartsWith("NL*CPP", StringComparison.Ordinal)).ShouldBe(1);

        cpo.Down = true;
        var updated = await ZeepPeer.Run(wsdl, [Step("update", "ochp-emsp", "UpdateRoamingAuthorisationList", new UpdateRoamingAuthorisationListRequest
        {
            RoamingAuthorisationInfoArray = [Authorisation("04AABBCCDD0002", OcpiCpoContract)],
        })]);
        ZeepPeer.ResultCode(updated, "update").ShouldBe("ok", updated.ToJsonString());
        await cpo.WaitFor(r => r.Path.EndsWith("/04AABBCCDD0002", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "a refused attempt while down");
        var refusedSoFar = cpo.All.Count(r => r.Path.EndsWith("/04AABBCCDD0002", StringComparison.Ordinal));
        cpo.Down = false;
        await WaitUntil(() => cpo.All.Count(r => r.Path.EndsWith("/04AABBCCDD0002", StringComparison.Ordinal)) > refusedSoFar, TimeSpan.FromSeconds(60),
            "the token delivered once the CPO is back");

        // 6. The unconnected e-MSP got none of it: it was told about the parties (hubclientinfo), never sent their data.
        var leaked = lonely.All.Where(r => r.Path.StartsWith("receiver/", StringComparison.Ordinal) && !r.Path.StartsWith("receiver/hubclientinfo", StringComparison.Ordinal)).ToList();
        leaked.ShouldBeEmpty(string.Join("\n", leaked.Select(r => $"{r.Method} {r.Path}")));
        // Its own GET of the hub's CDR list shows none of the other e-MSPs' CDRs either.
        var lonelyCdrs = await lonely.Send(HttpMethod.Get, lonely.HubEndpoints[("cdrs", "SENDER")], null, ("NL", "CHS"));
        (lonelyCdrs["status_code"]!.GetValue<int>(), lonelyCdrs["data"]!.AsArray().Count).ShouldBe((1000, 0), lonelyCdrs.ToJsonString());

        // 7. Isolation and bad input: the plain CPO's own token with another party's FROM is refused and recorded; invalid
        // JSON and an unknown receiver get their OCPI status and are not forwarded.
        using (var impersonation = await cpo.SendRaw(HttpMethod.Get, $"{cpo.HubEndpoints[("tokens", "SENDER")]}", null, ("NL", "CHS"), from: ("NL", "EMB")))
        {
            ((int)impersonation.StatusCode).ShouldBe(403);
            JsonNode.Parse(await impersonation.Content.ReadAsStringAsync())!["status_code"]!.GetValue<int>().ShouldBe(2001);
        }
        await hub.WaitFor("/api/hub/traffic?result=refused", t => t.AsArray().Any(x => x!["from"]!.GetValue<string>() == "NL*EMB"), TimeSpan.FromSeconds(10),
            "the impersonation attempt recorded");
        using (var invalid = await cpo.SendRaw(HttpMethod.Put, $"{cpo.HubEndpoints[("locations", "RECEIVER")]}/NL/CPP/LOC-BAD", "{\"id\": ", ("NL", "EMB")))
            JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!["status_code"]!.GetValue<int>().ShouldBe(2001);
        using (var unknown = await cpo.SendRaw(HttpMethod.Get, $"{cpo.HubEndpoints[("tokens", "SENDER")]}/XX/NOP/1", null, ("XX", "NOP")))
            JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["status_code"]!.GetValue<int>().ShouldBe(4001);
        (await emsp.WaitFor($"/api/partners/{hubOnEmsp}/objects/locations", _ => true, TimeSpan.FromSeconds(5))).AsArray()
            .Select(l => (l!["object"] ?? l)["country_code"]!.GetValue<string>() + "/" + (l!["object"] ?? l)["party_id"]!.GetValue<string>())
            .ShouldBe(["DE/OCP", "NL/CPP"], ignoreOrder: true, customMessage: "the OCHP CPO's location and the plain CPO's, nothing from the refused requests");
    }

    private static async Task<string> Diagnose(PartyInstance hub)
    {
        var report = new System.Text.StringBuilder();
        async Task Show(string path) => report.AppendLine($"GET {path}: {await hub.Api.GetStringAsync(path)}");
        await Show("/api/ochp/bridge/objects");
        await Show("/api/clearing/cdrs");
        foreach (var partner in JsonNode.Parse(await hub.Api.GetStringAsync("/api/partners"))!.AsArray())
            await Show($"/api/partners/{partner!["id"]}/deliveries");
        return report.ToString();
    }

    private sealed record Join(string TokenA, string VersionsUrl);

    /// <summary>Token A for a participant's platform; the OCPI service learns participants from Clearing's messages, so it may take a moment.</summary>
    private static async Task<Join> IssueTokenA(PartyInstance hub, string participant)
    {
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var response = await hub.Api.PostAsync($"/api/clearing/participants/{participant}/ocpi", null);
            var text = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                var body = JsonNode.Parse(text)!;
                return new Join(body["token_a"]!.GetValue<string>(), body["versions_url"]!.GetValue<string>());
            }
            if ((int)response.StatusCode != 404 || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"token A for {participant}: {(int)response.StatusCode} {text}");
            await Task.Delay(250);
        }
    }

    private static async Task<List<JsonNode>> WaitForOchpCdrs(string wsdl, string user, Func<List<JsonNode>, bool> condition)
    {
        var response = await WaitForOchp(wsdl, user, "GetCDRs", OchpXml.ToElement(new GetCdrsRequest()).ToString(),
            r => condition((r["cdrInfoArray"] as JsonArray ?? []).Select(c => c!).ToList()));
        return (response["cdrInfoArray"] as JsonArray)!.Select(c => c!).ToList();
    }

    /// <summary>Repeats an OCHP read (the zeep peer) until its response matches; the bridge and the clearing workflow are asynchronous.</summary>
    private static async Task<JsonNode> WaitForOchp(string wsdl, string user, string operation, string requestXml, Func<JsonNode, bool> condition)
    {
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(60));
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await ZeepPeer.Run(wsdl, [new ZeepPeer.Step("read", user, OchpPassword, operation, requestXml)]);
            if (last["read"]!["response"] is { } response && condition(response))
                return response;
            await Task.Delay(500);
        }
        throw new TimeoutException($"{user} {operation} never matched; last: {last?.ToJsonString()}");
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, string why)
    {
        var deadline = Patience.DeadlineAfter(timeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException(why);
            await Task.Delay(100);
        }
    }

    private static ZeepPeer.Step Step<T>(string name, string user, string operation, T request) =>
        new(name, user, OchpPassword, operation, OchpXml.ToElement(request).ToString(SaveOptions.DisableFormatting));

    private static async Task Put(PartyInstance instance, string path, object body) => await instance.Put(path, JsonSerializer.Serialize(body));

    private static RoamingAuthorisationInfo Authorisation(string uid, string contract) => new()
    {
        EmtId = new EmtId { Instance = uid, TokenType = TokenType.Rfid, TokenSubType = TokenSubType.MifareClassic },
        ContractId = contract,
        ExpiryDate = DateTimeType.From(Instant.FromUtc(2028, 12, 31, 23, 59)),
    };

    private static ChargePointInfo OchpChargePoint(string evseId) => new()
    {
        EvseId = evseId,
        LocationId = "BERLIN 0001",
        Timestamp = DateTimeType.From(Instant.FromUtc(2026, 11, 1, 8, 0)),
        LocationName = "Parkhaus Hauptstrasse",
        LocationNameLang = "DEU",
        ChargePointAddress = new AddressType { HouseNumber = "1", Address = "Hauptstrasse", City = "Berlin", ZipCode = "10115", Country = "DEU" },
        ChargePointLocation = GeoPointType.From(52.520008m, 13.404954m),
        TimeZone = "Europe/Berlin",
        OpeningTimes = new HoursType { RegularHours = [new RegularHoursType { Weekday = 1, PeriodBegin = "00:00", PeriodEnd = "24:00" }], ClosedCharging = false },
        Status = ChargePointStatusType.Of(ChargePointStatus.Operative),
        Location = GeneralLocationType.Of(GeneralLocation.ParkingGarage),
        AuthMethods = [AuthMethodType.Of(AuthMethod.RfidMifareCls)],
        Connectors = [new ConnectorType { ConnectorStandard = ConnectorStandardType.Of(ConnectorStandard.IEC_62196_T2), ConnectorFormat = ConnectorFormatType.Of(ConnectorFormat.Socket) }],
        ChargePointType = ChargePointType.AC,
        Ratings = new RatingsType { MaximumPower = 22m, NominalVoltage = 400 },
    };

    private static CdrInfo OchpCdr(string cdrId, string evseId, string contract) =>
        Ochp.OchpSessionCdr.Of(cdrId, evseId, contract, new LocalDateTime(2026, 11, 20, 18, 0).WithOffset(Offset.FromHours(1)), "EUR",
            new AddressType { HouseNumber = "1", Address = "Hauptstrasse", City = "Berlin", ZipCode = "10115", Country = "DEU" });

    /// <summary>A CDR as the OCPI 2.2.1 spec's CDR example shapes it: 15 kWh at 0.30 EUR/kWh, 4.50 EUR excl. VAT.</summary>
    private static JsonObject OcpiCdr(string id, string contract) => JsonNode.Parse($$"""
        {
          "country_code": "NL", "party_id": "CPP", "id": "{{id}}",
          "start_date_time": "2026-11-21T09:00:00Z", "end_date_time": "2026-11-21T10:00:00Z",
          "cdr_token": {"country_code": "DE", "party_id": "OEM", "uid": "04AABBCCDD0001", "type": "RFID", "contract_id": "{{contract}}"},
          "auth_method": "WHITELIST",
          "cdr_location": {"id": "LOC-CPP-1", "name": "Stationsplein", "address": "Stationsplein 1", "city": "Utrecht", "postal_code": "3511 ED",
            "country": "NLD", "coordinates": {"latitude": "52.089444", "longitude": "5.110278"}, "evse_uid": "E0001", "evse_id": "NL*CPP*E0001",
            "connector_id": "1", "connector_standard": "IEC_62196_T2", "connector_format": "SOCKET", "connector_power_type": "AC_3_PHASE"},
          "currency": "EUR",
          "tariffs": [{"country_code": "NL", "party_id": "CPP", "id": "T1", "currency": "EUR",
            "elements": [{"price_components": [{"type": "ENERGY", "price": 0.30, "step_size": 1}]}], "last_updated": "2026-11-01T00:00:00Z"}],
          "charging_periods": [{"start_date_time": "2026-11-21T09:00:00Z", "dimensions": [{"type": "ENERGY", "volume": 15}], "tariff_id": "T1"}],
          "total_cost": {"excl_vat": 4.50},
          "total_energy": 15,
          "total_time": 1.0,
          "last_updated": "2026-11-21T10:05:00Z"
        }
        """)!.AsObject();

    private static JsonObject Location(string id) => JsonNode.Parse($$"""
        {
          "country_code": "NL", "party_id": "CPP", "id": "{{id}}", "publish": true, "name": "Stationsplein",
          "address": "Stationsplein 1", "city": "Utrecht", "postal_code": "3511 ED", "country": "NLD",
          "coordinates": {"latitude": "52.089444", "longitude": "5.110278"}, "time_zone": "Europe/Amsterdam",
          "evses": [{"uid": "E0001", "evse_id": "NL*CPP*E0001", "status": "AVAILABLE", "last_updated": "2026-12-01T10:00:00Z",
            "connectors": [{"id": "1", "standard": "IEC_62196_T2", "format": "SOCKET", "power_type": "AC_3_PHASE", "max_voltage": 230,
              "max_amperage": 32, "last_updated": "2026-12-01T10:00:00Z"}]}],
          "last_updated": "2026-12-01T10:00:00Z"
        }
        """)!.AsObject();
}
