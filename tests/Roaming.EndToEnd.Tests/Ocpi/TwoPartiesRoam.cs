using System.Text.Json.Nodes;
using Shouldly;

namespace Roaming.EndToEnd.Tests.Ocpi;

/// <summary>
/// Two Roaming instances roam with each other over OCPI 2.2.1, each with its own database: a CPO (NL*CPO) and an
/// eMSP (NL*MSP). They register, the eMSP's token reaches the CPO and authorizes an OCPP 1.6 charger (ocpp-rpc), and the
/// session and its CDR arrive at the eMSP with the same totals as the CPO issued. Then tokens the eMSP pushes with
/// whitelist NEVER are authorized by asking the eMSP in real time: allowed ones charge (the CDR on both sides says
/// AUTH_REQUEST with the eMSP's authorization_reference), a blocked one and one the eMSP does not know are refused.
/// </summary>
public class TwoPartiesRoam
{
    private const string ChargePoint = "CP-OCPI-01";
    private const string Password = "e2e-ocpi-password-01";
    private const string Token = "MSP-RFID-0001";

    [Fact]
    public async Task a_charger_session_on_the_cpo_reaches_the_emsp_as_session_and_cdr_with_identical_totals()
    {
        await using var cpo = await PartyInstance.Start("roaming_e2e_ocpi_cpo", "NL*CPO");
        await using var emsp = await PartyInstance.Start("roaming_e2e_ocpi_msp", "NL*MSP");

        // Registration: the eMSP creates the CPO as a partner and hands out token A; the CPO registers with it.
        var created = await emsp.Post("/api/partners", new { name = "Charge Point Operator" });
        var cpoOnEmsp = created["id"]!.GetValue<string>();
        var registered = await cpo.Post("/api/partners/register", new
        {
            versions_url = created["versions_url"]!.GetValue<string>(), token_a = created["token_a"]!.GetValue<string>(), name = "Mobility Provider",
        });
        registered["status"]!.GetValue<string>().ShouldBe("REGISTERED");
        var emspOnCpo = registered["id"]!.GetValue<string>();
        var onEmsp = await emsp.WaitFor($"/api/partners/{cpoOnEmsp}", p => p["status"]!.GetValue<string>() == "REGISTERED", TimeSpan.FromSeconds(10));
        onEmsp["roles"]!.AsArray().ShouldContain(r => r!["party_id"]!.GetValue<string>() == "CPO");

        // The eMSP's own token is pushed to the CPO's token receiver and reaches the CPO's Tokens and Ingest.
        await emsp.Put($"/api/tokens/{Token}", $$"""
            {"country_code":"NL","party_id":"MSP","uid":"{{Token}}","type":"RFID","contract_id":"NL-MSP-C00000001-X",
             "issuer":"Mobility Provider","valid":true,"whitelist":"ALLOWED","last_updated":"2026-01-01T00:00:00Z"}
            """);
        await cpo.WaitFor($"/api/partners/{emspOnCpo}/objects/tokens", tokens => tokens.AsArray().Count == 1, TimeSpan.FromSeconds(30), "token pushed");

        await SeedCpo(cpo);
        await emsp.WaitFor($"/api/partners/{cpoOnEmsp}/objects/locations", l => l.AsArray().Count == 1, TimeSpan.FromSeconds(30), "location pushed");
        await emsp.WaitFor($"/api/partners/{cpoOnEmsp}/objects/tariffs", t => t.AsArray().Count == 1, TimeSpan.FromSeconds(30), "tariff pushed");
        // Ingest's and Charging's local copies of the token and the location, as a charger arriving a moment later would find them.
        await cpo.WaitForCount($"select count(*) from ingest.mt_doc_knowntoken where id = '{Token}'", 1, TimeSpan.FromSeconds(30));
        await cpo.WaitForCount($"select count(*) from charging.mt_doc_tokensnapshot where id = '{Token}'", 1, TimeSpan.FromSeconds(30));
        await cpo.WaitForCount("select count(*) from charging.mt_doc_locationsnapshot", 1, TimeSpan.FromSeconds(30));

        var run = await OcppClient.Drive("--url", $"{cpo.WebSocketUrl}/ocpp", "--id", ChargePoint, "--password", Password,
            "--protocol", "ocpp1.6", "--scenario", "session", "--idtag", Token, "--meter-start", "1000", "--samples", "3",
            "--step-wh", "2500", "--start-time", "2026-11-20T10:00:00Z", "--interval-s", "600");
        run.ExitCode.ShouldBe(0, run.Output);
        // The charger was answered from the token the eMSP pushed, without a real-time call.
        var authorize = run.Output.Split('\n').Single(line => line.Contains("\"action\":\"Authorize\""));
        authorize.ShouldContain("\"idTagInfo\":{\"status\":\"Accepted\"");

        var cpoCdrs = await cpo.WaitFor("/api/cdrs", c => c.AsArray().Count == 1, TimeSpan.FromSeconds(30), "CDR issued");
        var issued = cpoCdrs.AsArray().Single()!;
        issued["cdr_token"]!["party_id"]!.GetValue<string>().ShouldBe("MSP");

        var cdrs = await emsp.WaitFor($"/api/partners/{cpoOnEmsp}/objects/cdrs", c => c.AsArray().Count == 1, TimeSpan.FromSeconds(30), "CDR pushed");
        var cdr = cdrs.AsArray().Single()!;
        var sessions = await emsp.WaitFor($"/api/partners/{cpoOnEmsp}/objects/sessions",
            s => s.AsArray().Count == 1 && s[0]!["status"]!.GetValue<string>() == "COMPLETED", TimeSpan.FromSeconds(30), "session completed");
        var session = sessions.AsArray().Single()!;

        cdr["id"]!.GetValue<string>().ShouldBe(issued["id"]!.GetValue<string>());
        foreach (var total in new[] { "total_energy", "total_time" })
            cdr[total]!.GetValue<decimal>().ShouldBe(issued[total]!.GetValue<decimal>(), total);
        foreach (var price in new[] { "total_cost", "total_energy_cost", "total_fixed_cost" })
            JsonNode.DeepEquals(cdr[price], issued[price]).ShouldBeTrue(price);
        cdr["total_energy"]!.GetValue<decimal>().ShouldBe(7.5m);
        cdr["total_cost"]!["excl_vat"]!.GetValue<decimal>().ShouldBe(2.75m);

        session["id"]!.GetValue<string>().ShouldBe(cdr["session_id"]!.GetValue<string>());
        session["kwh"]!.GetValue<decimal>().ShouldBe(cdr["total_energy"]!.GetValue<decimal>());
        JsonNode.DeepEquals(session["total_cost"], cdr["total_cost"]).ShouldBeTrue();
        session["cdr_token"]!["uid"]!.GetValue<string>().ShouldBe(Token);

        // The CPO's record of what it pushed: everything acknowledged, the CDR POSTed exactly once.
        var deliveries = await cpo.WaitFor($"/api/partners/{emspOnCpo}/deliveries", d => d.AsArray().All(x => x!["status"]!.GetValue<string>() == "delivered"),
            TimeSpan.FromSeconds(30), "all delivered");
        deliveries.AsArray().Count(d => d!["module"]!.GetValue<string>() == "cdrs").ShouldBe(1);

        // As eMSP we re-price the partner's CDR with the tariff it pushed, in its location's zone: it checks out.
        var checks = await emsp.WaitFor("/api/reconciliation", r => r.AsArray().Count == 1, TimeSpan.FromSeconds(30), "CDR reconciled");
        var check = checks.AsArray().Single()!;
        check["cdrId"]!.GetValue<string>().ShouldBe(cdr["id"]!.GetValue<string>());
        check["outcome"]!.GetValue<string>().ShouldBe("verified", check.ToJsonString());
        cdr["auth_method"]!.GetValue<string>().ShouldBe("WHITELIST");

        await RealTimeAuthorizationAtTheEmsp(cpo, emsp, cpoOnEmsp, emspOnCpo);
    }

    private static async Task RealTimeAuthorizationAtTheEmsp(PartyInstance cpo, PartyInstance emsp, string cpoOnEmsp, string emspOnCpo)
    {
        const string never = "MSP-RFID-NEVER", blocked = "MSP-RFID-BLOCKED", unknown = "MSP-RFID-GHOST";
        await emsp.Put($"/api/tokens/{never}", $$"""
            {"country_code":"NL","party_id":"MSP","uid":"{{never}}","type":"RFID","contract_id":"NL-MSP-C00000003-X",
             "issuer":"Mobility Provider","valid":true,"whitelist":"NEVER","last_updated":"2026-01-01T00:00:00Z"}
            """);
        await emsp.Put($"/api/tokens/{blocked}", $$"""
            {"country_code":"NL","party_id":"MSP","uid":"{{blocked}}","type":"RFID","contract_id":"NL-MSP-C00000004-X",
             "issuer":"Mobility Provider","valid":false,"whitelist":"NEVER","last_updated":"2026-01-01T00:00:00Z"}
            """);
        // a copy at the CPO of a token the eMSP does not know (entered by the CPO's operator)
        await cpo.Put($"/api/tokens/{unknown}", $$"""
            {"country_code":"NL","party_id":"MSP","uid":"{{unknown}}","type":"RFID","contract_id":"NL-MSP-C00000005-X",
             "issuer":"Mobility Provider","valid":true,"whitelist":"NEVER","last_updated":"2026-01-01T00:00:00Z"}
            """);
        await cpo.WaitFor($"/api/partners/{emspOnCpo}/objects/tokens", tokens => tokens.AsArray().Count == 3, TimeSpan.FromSeconds(30), "NEVER tokens pushed");
        // Ingest's local copies of the three tokens, as the charger will ask for them.
        await cpo.WaitForCount($"select count(*) from ingest.mt_doc_knowntoken where id in ('{never}', '{blocked}', '{unknown}')", 3, TimeSpan.FromSeconds(30));

        var allowed = await OcppClient.Drive("--url", $"{cpo.WebSocketUrl}/ocpp", "--id", ChargePoint, "--password", Password,
            "--protocol", "ocpp1.6", "--scenario", "session", "--idtag", never, "--meter-start", "20000", "--samples", "2",
            "--step-wh", "1000", "--start-time", "2026-11-21T10:00:00Z", "--interval-s", "600");
        allowed.ExitCode.ShouldBe(0, allowed.Output + "\nCPO output:\n" + cpo.Output);
        AuthorizeAnswer(allowed.Output).ShouldContain("\"idTagInfo\":{\"status\":\"Accepted\"");

        var cpoCdrs = await cpo.WaitFor("/api/cdrs", c => c.AsArray().Count == 2, TimeSpan.FromSeconds(30), "CDR of the real-time authorized session");
        var issued = cpoCdrs.AsArray().Single(c => c!["cdr_token"]!["uid"]!.GetValue<string>() == never)!;
        issued["auth_method"]!.GetValue<string>().ShouldBe("AUTH_REQUEST");
        var reference = issued["authorization_reference"]!.GetValue<string>();
        reference.Length.ShouldBeInRange(1, 36);
        var emspCdrs = await emsp.WaitFor($"/api/partners/{cpoOnEmsp}/objects/cdrs", c => c.AsArray().Count == 2, TimeSpan.FromSeconds(30), "second CDR pushed");
        var received = emspCdrs.AsArray().Single(c => c!["cdr_token"]!["uid"]!.GetValue<string>() == never)!;
        (received["auth_method"]!.GetValue<string>(), received["authorization_reference"]!.GetValue<string>()).ShouldBe(("AUTH_REQUEST", reference));
        var sessions = await emsp.WaitFor($"/api/partners/{cpoOnEmsp}/objects/sessions",
            s => s.AsArray().Any(x => x!["cdr_token"]!["uid"]!.GetValue<string>() == never && x["status"]!.GetValue<string>() == "COMPLETED"),
            TimeSpan.FromSeconds(30), "real-time authorized session completed");
        var session = sessions.AsArray().Single(x => x!["cdr_token"]!["uid"]!.GetValue<string>() == never)!;
        (session["auth_method"]!.GetValue<string>(), session["authorization_reference"]!.GetValue<string>()).ShouldBe(("AUTH_REQUEST", reference));

        foreach (var (refused, status) in new[] { (blocked, "Blocked"), (unknown, "Invalid") })
        {
            var run = await OcppClient.Drive("--url", $"{cpo.WebSocketUrl}/ocpp", "--id", ChargePoint, "--password", Password,
                "--protocol", "ocpp1.6", "--scenario", "session", "--idtag", refused, "--samples", "1");
            run.ExitCode.ShouldNotBe(0, run.Output);
            AuthorizeAnswer(run.Output).ShouldContain($"\"idTagInfo\":{{\"status\":\"{status}\"", customMessage: run.Output);
        }
        // Positive signal that Charging has processed everything the refused attempts produced: a later session on the
        // same charger (the same ordered stream of ingest facts) has its CDR. Only then is "no CDR for them" proven.
        var marker = await OcppClient.Drive("--url", $"{cpo.WebSocketUrl}/ocpp", "--id", ChargePoint, "--password", Password,
            "--protocol", "ocpp1.6", "--scenario", "session", "--idtag", Token, "--meter-start", "30000", "--samples", "1",
            "--step-wh", "1000", "--start-time", "2026-11-22T10:00:00Z", "--interval-s", "600");
        marker.ExitCode.ShouldBe(0, marker.Output);
        var all = await cpo.WaitFor("/api/cdrs", c => c.AsArray().Any(x => x!["start_date_time"]!.GetValue<string>() == "2026-11-22T10:00:00Z"),
            TimeSpan.FromSeconds(30), "CDR of the later session on the same charger");
        all.AsArray().Select(c => c!["cdr_token"]!["uid"]!.GetValue<string>()).ShouldBe([Token, never, Token], ignoreOrder: true,
            customMessage: "refused tokens never charge");
    }

    private static string AuthorizeAnswer(string driverOutput) => driverOutput.Split('\n').Single(line => line.Contains("\"action\":\"Authorize\""));

    private static async Task SeedCpo(PartyInstance cpo)
    {
        await cpo.Put("/api/tariffs/TARIFF-1", """
            {"country_code":"NL","party_id":"CPO","id":"TARIFF-1","currency":"EUR","last_updated":"2026-01-01T00:00:00Z",
             "elements":[{"price_components":[{"type":"FLAT","price":0.50,"vat":21.0,"step_size":1},
                                              {"type":"ENERGY","price":0.30,"vat":21.0,"step_size":1}]}]}
            """);
        await cpo.Put("/api/locations/LOC1", """
            {"country_code":"NL","party_id":"CPO","id":"LOC1","publish":true,"name":"Roaming Garage","address":"Stationsplein 1",
             "city":"Amsterdam","postal_code":"1012AB","country":"NLD","coordinates":{"latitude":"52.378900","longitude":"4.900500"},
             "time_zone":"Europe/Amsterdam","last_updated":"2026-01-01T00:00:00Z",
             "evses":[{"uid":"LOC1-E1","evse_id":"NL*CPO*E0001","status":"AVAILABLE","last_updated":"2026-01-01T00:00:00Z",
               "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,
                              "max_amperage":32,"tariff_ids":["TARIFF-1"],"last_updated":"2026-01-01T00:00:00Z"}]}]}
            """);
        await cpo.Put($"/api/charge-points/{ChargePoint}", $$"""
            {"password":"{{Password}}","connectors":[{"ocpp_evse_id":1,"ocpp_connector_id":1,"location_id":"LOC1","evse_uid":"LOC1-E1","connector_id":"1"}]}
            """);
    }
}
