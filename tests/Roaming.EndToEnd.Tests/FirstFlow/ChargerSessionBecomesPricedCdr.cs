using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shouldly;

namespace Roaming.EndToEnd.Tests.FirstFlow;

/// <summary>
/// The first flow, for real: an OCPP 1.6J charger (ocpp-rpc, strict schemas) boots, authorizes, charges and stops;
/// Roaming records it and issues a CDR priced to the cent with the connector's tariff.
/// </summary>
public class ChargerSessionBecomesPricedCdr
{
    internal const string ChargePoint = "CP-E2E-01";
    internal const string Password = "e2e-password-0001";
    internal const string Token = "E2E-TOKEN-1";

    [Theory]
    [InlineData("inmemory")]
    [InlineData("rabbitmq")]
    public async Task an_ocpp16_session_yields_a_cdr_with_the_right_energy_times_and_cost(string transport)
    {
        await using var roaming = await RoamingProcess.Start($"roaming_e2e_first_flow_{transport}",
            new Dictionary<string, string> { ["ROAMING_TRANSPORT"] = transport });
        await Seed(roaming);

        var run = await OcppClient.Drive("--url", $"{roaming.WebSocketUrl}/ocpp", "--id", ChargePoint, "--password", Password,
            "--protocol", "ocpp1.6", "--scenario", "session", "--idtag", Token, "--meter-start", "1000", "--samples", "3",
            "--step-wh", "2500", "--start-time", "2026-11-20T10:00:00Z", "--interval-s", "600");
        run.ExitCode.ShouldBe(0, run.Output);

        await roaming.WaitForCount("select count(*) from charging.mt_doc_issuedcdr", 1, TimeSpan.FromSeconds(30));
        var cdrs = await roaming.Api.GetFromJsonAsync<JsonArray>("/api/cdrs");
        var cdr = cdrs!.ShouldHaveSingleItem()!.AsObject();

        cdr["total_energy"]!.GetValue<decimal>().ShouldBe(7.5m);
        cdr["start_date_time"]!.GetValue<string>().ShouldBe("2026-11-20T10:00:00Z");
        cdr["end_date_time"]!.GetValue<string>().ShouldBe("2026-11-20T10:40:00Z");
        // 0.50 start fee + 7.5 kWh x 0.30 = 2.75 excl. VAT; with 21 % VAT on each component: 0.605 + 2.7225 = 3.3275 -> 3.33.
        cdr["total_cost"]!["excl_vat"]!.GetValue<decimal>().ShouldBe(2.75m);
        cdr["total_cost"]!["incl_vat"]!.GetValue<decimal>().ShouldBe(3.33m);
        cdr["total_energy_cost"]!["excl_vat"]!.GetValue<decimal>().ShouldBe(2.25m);
        cdr["total_fixed_cost"]!["excl_vat"]!.GetValue<decimal>().ShouldBe(0.50m);
        cdr["currency"]!.GetValue<string>().ShouldBe("EUR");
        cdr["cdr_token"]!["uid"]!.GetValue<string>().ShouldBe(Token);
        cdr["cdr_token"]!["contract_id"]!.GetValue<string>().ShouldBe("NL-TNM-C00000042-X");
        cdr["cdr_location"]!["evse_uid"]!.GetValue<string>().ShouldBe("LOC1-E1");
        cdr["cdr_location"]!["connector_id"]!.GetValue<string>().ShouldBe("1");
        cdr["tariffs"]![0]!["id"]!.GetValue<string>().ShouldBe("TARIFF-1");

        var sessions = await roaming.Api.GetFromJsonAsync<JsonArray>("/api/sessions");
        var session = sessions!.ShouldHaveSingleItem()!.AsObject();
        session["status"]!.GetValue<string>().ShouldBe("COMPLETED");
        session["kwh"]!.GetValue<decimal>().ShouldBe(7.5m);
        session["id"]!.GetValue<string>().ShouldBe(cdr["session_id"]!.GetValue<string>());
    }

    /// <summary>
    /// A token whose whitelist is NEVER is authorized by asking its e-MSP in real time: Ingest asks the OCPI service through
    /// the request contract (the mediator in one process; RabbitMQ request/response across its queues), which answers for
    /// our own e-MSP party as our tokens sender answers partners. The CDR says AUTH_REQUEST with the e-MSP's reference.
    /// </summary>
    [Theory]
    [InlineData("inmemory")]
    [InlineData("rabbitmq")]
    public async Task a_never_whitelisted_token_is_authorized_in_real_time_on_either_transport(string transport)
    {
        const string never = "E2E-TOKEN-NEVER";
        await using var roaming = await RoamingProcess.Start($"roaming_e2e_real_time_{transport}",
            new Dictionary<string, string> { ["ROAMING_TRANSPORT"] = transport });
        await Seed(roaming);
        await Put(roaming, $"/api/tokens/{never}", $$"""
            {"country_code":"NL","party_id":"TNM","uid":"{{never}}","type":"RFID","contract_id":"NL-TNM-C00000043-X",
             "issuer":"E2E","valid":true,"whitelist":"NEVER","last_updated":"2026-01-01T00:00:00Z"}
            """);
        await roaming.WaitForCount("select count(*) from ingest.mt_doc_knowntoken", 2, TimeSpan.FromSeconds(30));
        await roaming.WaitForCount("select count(*) from ocpi.mt_doc_ocpiobject where data->>'module' = 'tokens'", 2, TimeSpan.FromSeconds(30));

        var run = await OcppClient.Drive("--url", $"{roaming.WebSocketUrl}/ocpp", "--id", ChargePoint, "--password", Password,
            "--protocol", "ocpp1.6", "--scenario", "session", "--idtag", never, "--meter-start", "1000", "--samples", "1",
            "--step-wh", "1000", "--start-time", "2026-11-20T10:00:00Z", "--interval-s", "600");
        run.ExitCode.ShouldBe(0, run.Output + "\n" + roaming.Output);

        await roaming.WaitForCount("select count(*) from charging.mt_doc_issuedcdr", 1, TimeSpan.FromSeconds(30));
        var cdr = (await roaming.Api.GetFromJsonAsync<JsonArray>("/api/cdrs"))!.ShouldHaveSingleItem()!;
        cdr["auth_method"]!.GetValue<string>().ShouldBe("AUTH_REQUEST");
        Guid.TryParse(cdr["authorization_reference"]!.GetValue<string>(), out _).ShouldBeTrue("our tokens sender answers with a fresh reference");
    }

    [Fact]
    public async Task an_active_session_shows_running_kwh_and_cost_and_no_cdr_yet()
    {
        await using var roaming = await RoamingProcess.Start("roaming_e2e_active_session");
        await Seed(roaming);

        var run = await OcppClient.Drive("--url", $"{roaming.WebSocketUrl}/ocpp", "--id", ChargePoint, "--password", Password,
            "--protocol", "ocpp1.6", "--scenario", "nostop", "--idtag", Token, "--meter-start", "1000", "--samples", "2",
            "--step-wh", "2000", "--start-time", "2026-11-20T10:00:00Z", "--interval-s", "600");
        run.ExitCode.ShouldBe(0, run.Output);

        await roaming.WaitForCount("select count(*) from charging.mt_events where type = 'meter_samples_recorded'", 2, TimeSpan.FromSeconds(30));
        var session = (await roaming.Api.GetFromJsonAsync<JsonArray>("/api/sessions"))!.ShouldHaveSingleItem()!.AsObject();
        session["status"]!.GetValue<string>().ShouldBe("ACTIVE");
        session["kwh"]!.GetValue<decimal>().ShouldBe(4m);
        // Running cost so far: 0.50 start fee + 4 kWh x 0.30 = 1.70 excl. VAT; 0.605 + 1.452 = 2.057 -> 2.06 incl.
        session["total_cost"]!["excl_vat"]!.GetValue<decimal>().ShouldBe(1.70m);
        session["total_cost"]!["incl_vat"]!.GetValue<decimal>().ShouldBe(2.06m);
        (await roaming.Api.GetFromJsonAsync<JsonArray>("/api/cdrs"))!.ShouldBeEmpty();
    }

    [Fact]
    public async Task the_operator_api_refuses_calls_without_the_admin_key_and_names_invalid_fields()
    {
        await using var roaming = await RoamingProcess.Start("roaming_e2e_operator_api");
        using var anonymous = new HttpClient { BaseAddress = new Uri(roaming.Url) };

        (await anonymous.GetAsync("/api/cdrs")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var response = await roaming.Api.PutAsJsonAsync($"/api/charge-points/{ChargePoint}", new { password = "short", connectors = Array.Empty<object>() });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty("password", out _).ShouldBeTrue();
        problem.GetProperty("errors").TryGetProperty("connectors", out _).ShouldBeTrue();
    }

    /// <summary>A tariff, a location with one connector, the charger and an allowed token, known to every service.</summary>
    internal static async Task Seed(RoamingProcess roaming)
    {
        await Put(roaming, "/api/tariffs/TARIFF-1", """
            {"country_code":"NL","party_id":"TNM","id":"TARIFF-1","currency":"EUR","last_updated":"2026-01-01T00:00:00Z",
             "elements":[{"price_components":[{"type":"FLAT","price":0.50,"vat":21.0,"step_size":1},
                                              {"type":"ENERGY","price":0.30,"vat":21.0,"step_size":1}]}]}
            """);
        await Put(roaming, "/api/locations/LOC1", """
            {"country_code":"NL","party_id":"TNM","id":"LOC1","publish":true,"name":"E2E Garage","address":"Stationsplein 1",
             "city":"Amsterdam","postal_code":"1012AB","country":"NLD","coordinates":{"latitude":"52.378900","longitude":"4.900500"},
             "time_zone":"Europe/Amsterdam","last_updated":"2026-01-01T00:00:00Z",
             "evses":[{"uid":"LOC1-E1","evse_id":"NL*TNM*E0001","status":"AVAILABLE","last_updated":"2026-01-01T00:00:00Z",
               "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,
                              "max_amperage":32,"tariff_ids":["TARIFF-1"],"last_updated":"2026-01-01T00:00:00Z"}]}]}
            """);
        await Put(roaming, $"/api/charge-points/{ChargePoint}", $$"""
            {"password":"{{Password}}","connectors":[{"ocpp_evse_id":1,"ocpp_connector_id":1,"location_id":"LOC1","evse_uid":"LOC1-E1","connector_id":"1"}]}
            """);
        await Put(roaming, $"/api/tokens/{Token}", $$"""
            {"country_code":"NL","party_id":"TNM","uid":"{{Token}}","type":"RFID","contract_id":"NL-TNM-C00000042-X",
             "issuer":"E2E","valid":true,"whitelist":"ALLOWED","last_updated":"2026-01-01T00:00:00Z"}
            """);
        // Consumers fill the other services' local copies asynchronously: wait until Ingest knows the token and
        // Charging knows the location, as a charger arriving a moment later would find them.
        await roaming.WaitForCount("select count(*) from ingest.mt_doc_knowntoken", 1, TimeSpan.FromSeconds(30));
        await roaming.WaitForCount("select count(*) from charging.mt_doc_locationsnapshot", 1, TimeSpan.FromSeconds(30));
    }

    private static async Task Put(RoamingProcess roaming, string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await roaming.Api.PutAsync(path, content);
        response.IsSuccessStatusCode.ShouldBeTrue($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
