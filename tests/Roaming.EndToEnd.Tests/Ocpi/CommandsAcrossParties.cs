using System.Text.Json.Nodes;
using Roaming.Testing;
using Shouldly;

namespace Roaming.EndToEnd.Tests.Ocpi;

/// <summary>
/// The eMSP reserves, cancels, starts and stops on the CPO's charger with OCPI commands: RESERVE_NOW and
/// CANCEL_RESERVATION reach the charger as ReserveNow / CancelReservation, START_SESSION as RemoteStartTransaction
/// (through Ingest); each CommandResult comes back to the eMSP's response_url, the session appears ACTIVE at the eMSP,
/// and STOP_SESSION with that session id ends it with a CDR that says COMMAND with the START_SESSION's reference.
/// </summary>
public class CommandsAcrossParties
{
    private const string ChargePoint = "CP-OCPI-CMD";
    private const string Password = "e2e-ocpi-password-02";
    private const string Token = "MSP-APP-0001";

    [Fact]
    public async Task start_and_stop_session_commands_from_the_emsp_drive_the_cpo_charger()
    {
        await using var cpo = await PartyInstance.Start("roaming_e2e_ocpi_cmd_cpo", "NL*CPO");
        await using var emsp = await PartyInstance.Start("roaming_e2e_ocpi_cmd_msp", "NL*MSP");
        var created = await emsp.Post("/api/partners", new { name = "Charge Point Operator" });
        var cpoOnEmsp = created["id"]!.GetValue<string>();
        await cpo.Post("/api/partners/register", new { versions_url = created["versions_url"]!.GetValue<string>(), token_a = created["token_a"]!.GetValue<string>() });
        await emsp.WaitFor($"/api/partners/{cpoOnEmsp}", p => p["status"]!.GetValue<string>() == "REGISTERED", TimeSpan.FromSeconds(10));

        // A connector without a tariff yields a CDR without charging periods today, which partners must refuse (CDR.charging_periods is 1..*).
        await cpo.Put("/api/tariffs/TARIFF-9", """
            {"country_code":"NL","party_id":"CPO","id":"TARIFF-9","currency":"EUR","last_updated":"2026-01-01T00:00:00Z",
             "elements":[{"price_components":[{"type":"ENERGY","price":0.40,"vat":21.0,"step_size":1}]}]}
            """);
        await cpo.Put("/api/locations/LOC9", """
            {"country_code":"NL","party_id":"CPO","id":"LOC9","publish":true,"address":"Dam 1","city":"Amsterdam","country":"NLD",
             "coordinates":{"latitude":"52.373100","longitude":"4.892400"},"time_zone":"Europe/Amsterdam","last_updated":"2026-01-01T00:00:00Z",
             "evses":[{"uid":"LOC9-E1","status":"AVAILABLE","capabilities":["REMOTE_START_STOP_CAPABLE"],"last_updated":"2026-01-01T00:00:00Z",
               "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,
                              "max_amperage":16,"tariff_ids":["TARIFF-9"],"last_updated":"2026-01-01T00:00:00Z"}]}]}
            """);
        await cpo.Put($"/api/charge-points/{ChargePoint}", $$"""
            {"password":"{{Password}}","connectors":[{"ocpp_evse_id":1,"ocpp_connector_id":1,"location_id":"LOC9","evse_uid":"LOC9-E1","connector_id":"1"}]}
            """);
        await emsp.WaitFor($"/api/partners/{cpoOnEmsp}/objects/locations", l => l.AsArray().Count == 1, TimeSpan.FromSeconds(30), "location pushed");

        var clientFolder = Path.Combine(TestServers.RepositoryRoot, "tests", "ocpp-client");
        await using var charger = ChildProcess.Start("node", ["driver.js", "--url", $"{cpo.WebSocketUrl}/ocpp", "--id", ChargePoint,
            "--password", Password, "--protocol", "ocpp1.6", "--scenario", "boot", "--hold", "--await-remote-stop", "--remote-sample-ms", "300",
            "--step-wh", "500"], workingDirectory: clientFolder);
        var connected = Patience.DeadlineAfter(TimeSpan.FromSeconds(30));
        while (!charger.Output.Contains("\"holding\"") && DateTime.UtcNow < connected)
            await Task.Delay(200);
        charger.Output.ShouldContain("\"holding\"", customMessage: "the charger did not boot");

        var token = new JsonObject
        {
            ["country_code"] = "NL", ["party_id"] = "MSP", ["uid"] = Token, ["type"] = "APP_USER", ["contract_id"] = "NL-MSP-C00000002-X",
            ["issuer"] = "Mobility Provider", ["valid"] = true, ["whitelist"] = "NEVER", ["last_updated"] = "2026-01-01T00:00:00Z",
        };
        // RESERVE_NOW, then CANCEL_RESERVATION of the same reservation_id; a second cancel finds nothing to cancel
        var reserve = await emsp.Post($"/api/partners/{cpoOnEmsp}/commands/RESERVE_NOW", new JsonObject
        {
            ["token"] = token.DeepClone(), ["expiry_date"] = DateTime.UtcNow.AddMinutes(30).ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["reservation_id"] = "RES-0001", ["location_id"] = "LOC9", ["evse_uid"] = "LOC9-E1", ["authorization_reference"] = "AUTH-RES-1",
        });
        reserve["response"]!["result"]!.GetValue<string>().ShouldBe("ACCEPTED", reserve.ToJsonString());
        (await Result(emsp, cpoOnEmsp, reserve, charger)).ShouldBe("ACCEPTED");
        charger.Output.ShouldContain("\"action\":\"ReserveNow\"");
        var cancel = await emsp.Post($"/api/partners/{cpoOnEmsp}/commands/CANCEL_RESERVATION", new JsonObject { ["reservation_id"] = "RES-0001" });
        (await Result(emsp, cpoOnEmsp, cancel, charger)).ShouldBe("ACCEPTED");
        charger.Output.ShouldContain("\"action\":\"CancelReservation\"");
        var unknownReservation = await emsp.Post($"/api/partners/{cpoOnEmsp}/commands/CANCEL_RESERVATION", new JsonObject { ["reservation_id"] = "RES-0404" });
        (await Result(emsp, cpoOnEmsp, unknownReservation, charger)).ShouldBe("UNKNOWN_RESERVATION");

        var start = await emsp.Post($"/api/partners/{cpoOnEmsp}/commands/START_SESSION", new JsonObject
        {
            ["token"] = token, ["location_id"] = "LOC9", ["evse_uid"] = "LOC9-E1", ["connector_id"] = "1", ["authorization_reference"] = "AUTH-START-1",
        });
        start["response"]!["result"]!.GetValue<string>().ShouldBe("ACCEPTED", start.ToJsonString());
        var startId = start["command_id"]!.GetValue<string>();
        var started = await emsp.WaitFor($"/api/partners/{cpoOnEmsp}/commands/{startId}", c => c["result"] is not null, TimeSpan.FromSeconds(30),
            "START_SESSION result\n" + charger.Output);
        JsonNode.Parse(started["result"]!.GetValue<string>())!["result"]!.GetValue<string>().ShouldBe("ACCEPTED", started.ToJsonString() + "\n" + charger.Output);

        JsonNode sessions;
        try
        {
            sessions = await emsp.WaitFor($"/api/partners/{cpoOnEmsp}/objects/sessions", s => s.AsArray().Count == 1, TimeSpan.FromSeconds(30), "session pushed");
        }
        catch (TimeoutException exception)
        {
            var emspOnCpo = (await cpo.Api.GetStringAsync("/api/partners"));
            throw new TimeoutException($"{exception.Message}\nCPO partners: {emspOnCpo}\nCPO sessions: {await cpo.Api.GetStringAsync("/api/sessions")}\nCPO output:\n{cpo.Output}");
        }
        var session = sessions.AsArray().Single()!;
        session["status"]!.GetValue<string>().ShouldBe("ACTIVE");
        session["cdr_token"]!["uid"]!.GetValue<string>().ShouldBe(Token);
        (session["auth_method"]!.GetValue<string>(), session["authorization_reference"]!.GetValue<string>()).ShouldBe(("COMMAND", "AUTH-START-1"));

        var stop = await emsp.Post($"/api/partners/{cpoOnEmsp}/commands/STOP_SESSION", new JsonObject { ["session_id"] = session["id"]!.GetValue<string>() });
        stop["response"]!["result"]!.GetValue<string>().ShouldBe("ACCEPTED", stop.ToJsonString());
        JsonNode cdrs;
        try
        {
            cdrs = await emsp.WaitFor($"/api/partners/{cpoOnEmsp}/objects/cdrs", c => c.AsArray().Count == 1, TimeSpan.FromSeconds(30), "CDR after STOP_SESSION");
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message}\nCharger:\n{charger.Output}\nCPO output:\n{cpo.Output}");
        }
        cdrs[0]!["session_id"]!.GetValue<string>().ShouldBe(session["id"]!.GetValue<string>());
        cdrs[0]!["cdr_token"]!["uid"]!.GetValue<string>().ShouldBe(Token);
        // the eMSP authorized it by command: the CDR on both sides says so, with the START_SESSION's reference
        (cdrs[0]!["auth_method"]!.GetValue<string>(), cdrs[0]!["authorization_reference"]!.GetValue<string>()).ShouldBe(("COMMAND", "AUTH-START-1"));
        var issued = JsonNode.Parse(await cpo.Api.GetStringAsync("/api/cdrs"))!.AsArray().Single()!;
        (issued["auth_method"]!.GetValue<string>(), issued["authorization_reference"]!.GetValue<string>()).ShouldBe(("COMMAND", "AUTH-START-1"));

        var unknown = await emsp.Post($"/api/partners/{cpoOnEmsp}/commands/STOP_SESSION", new JsonObject { ["session_id"] = "NO-SUCH-SESSION" });
        unknown["response"]!["result"]!.GetValue<string>().ShouldBe("UNKNOWN_SESSION");
    }

    /// <summary>The CommandResult the CPO POSTed to the eMSP's response_url for a command the eMSP sent.</summary>
    private static async Task<string> Result(PartyInstance emsp, string cpoOnEmsp, JsonNode sent, ChildProcess charger)
    {
        var id = sent["command_id"]!.GetValue<string>();
        var log = await emsp.WaitFor($"/api/partners/{cpoOnEmsp}/commands/{id}", c => c["result"] is not null, TimeSpan.FromSeconds(30),
            $"result of {sent.ToJsonString()}\n{charger.Output}");
        return JsonNode.Parse(log["result"]!.GetValue<string>())!["result"]!.GetValue<string>();
    }
}
