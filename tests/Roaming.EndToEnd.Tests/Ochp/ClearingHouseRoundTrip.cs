using System.Text.Json.Nodes;
using Roaming.EndToEnd.Tests.Ocpi;
using Shouldly;

namespace Roaming.EndToEnd.Tests.Ochp;

/// <summary>
/// Two real <c>roaming run</c> processes, each with its own database: A is an OCHP clearing house (services clearing and
/// ochp) with B's CPO (DE*ABC) and B's e-MSP (DE*8AA) as participants and a roaming connection between them; B runs
/// everything, with its OCHP client pointed at A in both roles. A charger session on B with a token of B's own e-MSP
/// becomes a CDR on B, is uploaded to A and accepted there, fetched back by B's e-MSP role, re-priced against the tariff
/// B's CPO role published at A, and approved: A shows the CDR approved with its history, B shows it verified and approved.
/// </summary>
public class ClearingHouseRoundTrip
{
    private const string ChargePoint = "CP-OCHP-01";
    private const string Password = "e2e-ochp-password-01";
    private const string Token = "0A1B2C3D";
    private const string Contract = "DE-8AA-C00000001";
    private const string OchpPassword = "e2e-ochp-login-secret-1";

    [Fact]
    public async Task a_session_on_b_is_cleared_through_a_and_approved_by_bs_own_emsp()
    {
        await using var a = await PartyInstance.Start("roaming_e2e_ochp_chs", "NL*CHS", new Dictionary<string, string>(), "--services", "clearing,ochp");
        await Put(a, "/api/clearing/participants/b-cpo", new { name = "B as CPO", operator_ids = new[] { "DE*ABC" }, ochp = new { username = "b-cpo", password = OchpPassword } });
        await Put(a, "/api/clearing/participants/b-emsp", new { name = "B as e-MSP", provider_ids = new[] { "DE*8AA" }, ochp = new { username = "b-emsp", password = OchpPassword } });
        await Put(a, "/api/clearing/connections/DE*ABC/DE*8AA", new { });

        const string client = "Roaming__Ochp__Client__";
        var settings = new Dictionary<string, string>
        {
            [$"{client}Endpoint"] = $"{a.Url}/service/ochp/v1.4",
            [$"{client}Cpo__Username"] = "b-cpo", [$"{client}Cpo__Password"] = OchpPassword, [$"{client}Cpo__OperatorId"] = "DE*ABC",
            [$"{client}Emsp__Username"] = "b-emsp", [$"{client}Emsp__Password"] = OchpPassword, [$"{client}Emsp__ProviderId"] = "DE*8AA",
        };
        foreach (var interval in new[] { "CdrUploadInterval", "ChargePointUploadInterval", "StatusUploadInterval", "AuthorisationListInterval", "RetryFirstDelay",
                     "TariffUploadInterval", "Emsp__TokenUploadInterval", "Emsp__CdrFetchInterval", "Emsp__CdrConfirmInterval" })
            settings[client + interval] = "00:00:01";
        await using var b = await PartyInstance.Start("roaming_e2e_ochp_b", "DE*ABC", settings);

        await Seed(b);
        // B's CPO published its tariff at A, and B's own token is known to its chargers and listed at A.
        await b.WaitFor("/api/ochp/client/tariffs", t => t.AsArray().Any(x => x!["state"]!.GetValue<string>() == "published"), TimeSpan.FromSeconds(60), "tariff published");
        await b.WaitFor("/api/ochp/client/tokens", t => t.AsArray().Any(x => x!["state"]!.GetValue<string>() == "accepted"), TimeSpan.FromSeconds(60), "token listed");
        await b.WaitForCount($"select count(*) from ingest.mt_doc_knowntoken where id = '{Token}'", 1, TimeSpan.FromSeconds(30));
        await b.WaitForCount("select count(*) from charging.mt_doc_locationsnapshot", 1, TimeSpan.FromSeconds(30));

        var run = await OcppClient.Drive("--url", $"{b.WebSocketUrl}/ocpp", "--id", ChargePoint, "--password", Password,
            "--protocol", "ocpp1.6", "--scenario", "session", "--idtag", Token, "--meter-start", "1000", "--samples", "3",
            "--step-wh", "2500", "--start-time", "2026-11-20T10:00:00Z", "--interval-s", "600");
        run.ExitCode.ShouldBe(0, run.Output);
        var issued = (await b.WaitFor("/api/cdrs", c => c.AsArray().Count == 1, TimeSpan.FromSeconds(30), "CDR issued")).AsArray().Single()!;
        issued["total_cost"]!["excl_vat"]!.GetValue<decimal>().ShouldBe(2.75m);

        // At A: uploaded by B's CPO, accepted, then approved by B's e-MSP.
        var cleared = (await a.WaitFor("/api/clearing/cdrs", c => c.AsArray().Any(x => x!["status"]!.GetValue<string>() == "approved"),
            TimeSpan.FromSeconds(90), "CDR approved at the clearing house")).AsArray().Single()!;
        (cleared["evse_id"]!.GetValue<string>(), cleared["contract_id"]!.GetValue<string>(), cleared["total_cost"]!.GetValue<decimal>())
            .ShouldBe(("DE*ABC*E0001", Contract, 2.75m));
        cleared["cdr_id"]!.GetValue<string>().ShouldStartWith("DEABC");
        var detail = await a.WaitFor($"/api/clearing/cdrs/{cleared["id"]!.GetValue<string>()}", _ => true, TimeSpan.FromSeconds(10));
        var history = detail["history"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()).ToList();
        history.ShouldBe(["new", "accepted", "approved"], string.Join(", ", history));
        detail["history"]!.AsArray().Last()!["actor"]!.GetValue<string>().ShouldContain("b-emsp");

        // At B: its CPO sees the CDR accepted, its e-MSP re-priced it (verified) and the clearing house took the approval.
        var received = (await b.WaitFor("/api/ochp/client/received-cdrs", c => c.AsArray().Any(x => x!["state"]!.GetValue<string>() == "confirmed"),
            TimeSpan.FromSeconds(30), "approval confirmed")).AsArray().Single()!;
        (received["cdr_id"]!.GetValue<string>(), received["decision"]!.GetValue<string>(), received["outcome"]!.GetValue<string>())
            .ShouldBe((cleared["cdr_id"]!.GetValue<string>(), "approved", "verified"));
        var check = (await b.WaitFor("/api/reconciliation", r => r.AsArray().Count == 1, TimeSpan.FromSeconds(10))).AsArray().Single()!;
        check["outcome"]!.GetValue<string>().ShouldBe("verified");
    }

    private static async Task Put(PartyInstance instance, string path, object body) =>
        await instance.Put(path, System.Text.Json.JsonSerializer.Serialize(body));

    private static async Task Seed(PartyInstance b)
    {
        await b.Put("/api/tariffs/TARIFF-1", """
            {"country_code":"DE","party_id":"ABC","id":"TARIFF-1","currency":"EUR","last_updated":"2026-01-01T00:00:00Z",
             "elements":[{"price_components":[{"type":"FLAT","price":0.50,"vat":21.0,"step_size":1},
                                              {"type":"ENERGY","price":0.30,"vat":21.0,"step_size":1}]}]}
            """);
        await b.Put("/api/locations/LOC1", """
            {"country_code":"DE","party_id":"ABC","id":"LOC1","publish":true,"name":"Roaming Garage","address":"Stationsplein 1",
             "city":"Amsterdam","postal_code":"1012AB","country":"NLD","coordinates":{"latitude":"52.378900","longitude":"4.900500"},
             "time_zone":"Europe/Amsterdam","last_updated":"2026-01-01T00:00:00Z",
             "evses":[{"uid":"LOC1-E1","evse_id":"DE*ABC*E0001","status":"AVAILABLE","last_updated":"2026-01-01T00:00:00Z",
               "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,
                              "max_amperage":32,"tariff_ids":["TARIFF-1"],"last_updated":"2026-01-01T00:00:00Z"}]}]}
            """);
        await b.Put($"/api/charge-points/{ChargePoint}", $$"""
            {"password":"{{Password}}","connectors":[{"ocpp_evse_id":1,"ocpp_connector_id":1,"location_id":"LOC1","evse_uid":"LOC1-E1","connector_id":"1"}]}
            """);
        await b.Put($"/api/tokens/{Token}", $$"""
            {"country_code":"DE","party_id":"ABC","uid":"{{Token}}","type":"RFID","contract_id":"{{Contract}}",
             "issuer":"B Mobility","valid":true,"whitelist":"ALLOWED","last_updated":"2026-01-01T00:00:00Z"}
            """);
    }
}
