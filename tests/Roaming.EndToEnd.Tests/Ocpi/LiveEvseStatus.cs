using System.Text.Json.Nodes;
using Roaming.Protocols.Ocpi;
using Shouldly;
using Xunit.Abstractions;

namespace Roaming.EndToEnd.Tests.Ocpi;

/// <summary>
/// A real OCPP 1.6 charger (ocpp-rpc, strict) reports its connector's status; the CPO's location shows the EVSE's
/// derived OCPI status and a partner eMSP (a plain HTTP server) receives it as a PATCH of the EVSE, within seconds.
/// </summary>
public class LiveEvseStatus(ITestOutputHelper output)
{
    private const string ChargePoint = "CP-LIVE-01";
    private const string Password = "e2e-live-password-01";

    [Fact]
    public async Task a_chargers_status_reaches_the_location_and_a_partner_emsp_as_a_patch_of_the_evse()
    {
        await using var emsp = await ListeningEmsp.Start();
        await using var cpo = await PartyInstance.Start("roaming_e2e_live_status", "NL*CPO");
        var registered = await cpo.Post("/api/partners/register", new { versions_url = emsp.VersionsUrl, token_a = ListeningEmsp.TokenA, name = "Listening eMSP" });
        registered["status"]!.GetValue<string>().ShouldBe("REGISTERED");

        await cpo.Put("/api/locations/LOC1", """
            {"country_code":"NL","party_id":"CPO","id":"LOC1","publish":true,"name":"Roaming Garage","address":"Stationsplein 1",
             "city":"Amsterdam","postal_code":"1012AB","country":"NLD","coordinates":{"latitude":"52.378900","longitude":"4.900500"},
             "time_zone":"Europe/Amsterdam","last_updated":"2026-01-01T00:00:00Z",
             "evses":[{"uid":"LOC1-E1","evse_id":"NL*CPO*E0001","status":"AVAILABLE","last_updated":"2026-01-01T00:00:00Z",
               "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,
                              "max_amperage":32,"last_updated":"2026-01-01T00:00:00Z"}]}]}
            """);
        await cpo.Put($"/api/charge-points/{ChargePoint}", $$"""
            {"password":"{{Password}}","connectors":[{"ocpp_evse_id":1,"ocpp_connector_id":1,"location_id":"LOC1","evse_uid":"LOC1-E1","connector_id":"1"}]}
            """);
        await emsp.WaitFor(p => p is { Method: "PUT", Path: "NL/CPO/LOC1" }, TimeSpan.FromSeconds(30), "the location's PUT");

        var charging = await Report(cpo, "Charging", emsp, "CHARGING");
        var location = await cpo.WaitFor("/api/locations/LOC1", l => l["evses"]![0]!["status"]!.GetValue<string>() == "CHARGING", TimeSpan.FromSeconds(10), "CHARGING shown");
        location["last_updated"]!.GetValue<string>().ShouldBe(charging["last_updated"]!.GetValue<string>());
        location["evses"]![0]!["last_updated"]!.GetValue<string>().ShouldBe(charging["last_updated"]!.GetValue<string>());

        await Report(cpo, "Available", emsp, "AVAILABLE");
        await cpo.WaitFor("/api/locations/LOC1", l => l["evses"]![0]!["status"]!.GetValue<string>() == "AVAILABLE", TimeSpan.FromSeconds(10), "AVAILABLE shown");

        // Exactly the two changes went out for the EVSE, in order, and nothing else about it.
        emsp.Received.Where(p => p.Path == "NL/CPO/LOC1/LOC1-E1").Select(p => $"{p.Method} {p.Body!["status"]}")
            .ShouldBe(["PATCH CHARGING", "PATCH AVAILABLE"]);
    }

    /// <summary>Drives one StatusNotification and waits for the eMSP's PATCH; returns its body after checking it field by field.</summary>
    private async Task<JsonObject> Report(PartyInstance cpo, string ocppStatus, ListeningEmsp emsp, string ocpiStatus)
    {
        var started = DateTimeOffset.UtcNow;
        var run = await OcppClient.Drive("--url", $"{cpo.WebSocketUrl}/ocpp", "--id", ChargePoint, "--password", Password, "--protocol", "ocpp1.6",
            "--scenario", "status", "--status", ocppStatus);
        run.ExitCode.ShouldBe(0, run.Output);
        var patch = await emsp.WaitFor(p => p.Method == "PATCH" && p.Path == "NL/CPO/LOC1/LOC1-E1" && p.Body!["status"]!.GetValue<string>() == ocpiStatus,
            TimeSpan.FromSeconds(30), $"PATCH {ocpiStatus}");
        patch.Body!.Select(f => f.Key).Order().ShouldBe(["last_updated", "status"]);
        // last_updated is when Ingest received the charger's frame (milliseconds): from there to the eMSP's receipt is the figure.
        var receivedFrameAt = OcpiDateTime.TryParse(patch.Body!["last_updated"]!.GetValue<string>())!.Value.ToDateTimeOffset();
        receivedFrameAt.ShouldBeInRange(started, patch.ReceivedAt);
        output.WriteLine($"{ocppStatus} → PATCH {ocpiStatus}: {(patch.ReceivedAt - receivedFrameAt).TotalMilliseconds:F0} ms from the charger's frame to the eMSP");
        return patch.Body;
    }
}
