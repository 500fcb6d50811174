using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Serilog;

namespace Roaming.Host;

/// <summary>
/// <c>roaming run --demo</c>: seeds a location, a tariff, a charger, a token and two clearing-house participants with
/// OCHP logins through the operator API itself (the
/// same validation and events as any operator call), so a newcomer can drive tests/ocpp-client against it.
/// </summary>
internal static class DemoSeed
{
    public const string DemoAdminKey = "demo-admin-key";
    public const string ChargePointId = "CP001";
    public const string ChargePointPassword = "demo-password-0001";
    public const string TokenUid = "DEMO-TOKEN-1";
    public const string DemoCpoLogin = "demo-cpo";
    public const string DemoCpoPassword = "demo-cpo-password";
    public const string DemoEmspLogin = "demo-emsp";
    public const string DemoEmspPassword = "demo-emsp-password";

    public static async Task Run(WebApplication app, CancellationToken cancellation)
    {
        try
        {
            var baseUrl = app.Urls.First().Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1");
            var adminKey = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Platform.Hosting.RoamingOptions>>().Value.AdminKey;
            var party = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Platform.Hosting.RoamingOptions>>().Value.Party.Split('*');
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
            var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");

            await Put(http, "/api/tariffs/DEMO-TARIFF", new JsonObject
            {
                ["country_code"] = party[0], ["party_id"] = party[1], ["id"] = "DEMO-TARIFF", ["currency"] = "EUR",
                ["elements"] = new JsonArray(new JsonObject
                {
                    ["price_components"] = new JsonArray(
                        new JsonObject { ["type"] = "FLAT", ["price"] = 0.50m, ["vat"] = 21.0m, ["step_size"] = 1 },
                        new JsonObject { ["type"] = "ENERGY", ["price"] = 0.30m, ["vat"] = 21.0m, ["step_size"] = 1 }),
                }),
                ["last_updated"] = now,
            }, cancellation);
            await Put(http, "/api/locations/LOC1", new JsonObject
            {
                ["country_code"] = party[0], ["party_id"] = party[1], ["id"] = "LOC1", ["publish"] = true,
                ["name"] = "Demo Garage", ["address"] = "Stationsplein 1", ["city"] = "Amsterdam", ["postal_code"] = "1012AB",
                ["country"] = "NLD", ["coordinates"] = new JsonObject { ["latitude"] = "52.378900", ["longitude"] = "4.900500" },
                ["time_zone"] = "Europe/Amsterdam",
                ["evses"] = new JsonArray(new JsonObject
                {
                    ["uid"] = "LOC1-E1", ["evse_id"] = $"{party[0]}*{party[1]}*E0001", ["status"] = "AVAILABLE",
                    ["connectors"] = new JsonArray(new JsonObject
                    {
                        ["id"] = "1", ["standard"] = "IEC_62196_T2", ["format"] = "SOCKET", ["power_type"] = "AC_3_PHASE",
                        ["max_voltage"] = 230, ["max_amperage"] = 32, ["tariff_ids"] = new JsonArray("DEMO-TARIFF"), ["last_updated"] = now,
                    }),
                    ["last_updated"] = now,
                }),
                ["last_updated"] = now,
            }, cancellation);
            await Put(http, $"/api/charge-points/{ChargePointId}", new JsonObject
            {
                ["password"] = ChargePointPassword,
                ["connectors"] = new JsonArray(new JsonObject
                {
                    ["ocpp_evse_id"] = 1, ["ocpp_connector_id"] = 1, ["location_id"] = "LOC1", ["evse_uid"] = "LOC1-E1", ["connector_id"] = "1",
                }),
            }, cancellation);
            await Put(http, $"/api/tokens/{TokenUid}", new JsonObject
            {
                ["country_code"] = party[0], ["party_id"] = party[1], ["uid"] = TokenUid, ["type"] = "RFID",
                ["contract_id"] = $"{party[0]}-{party[1]}-C00000001-X", ["issuer"] = "Roaming Demo", ["valid"] = true,
                ["whitelist"] = "ALLOWED", ["last_updated"] = now,
            }, cancellation);

            // The clearing house: two OCHP participants with a roaming connection between them, and Roaming's own party
            // as a participant like any other (no OCHP login: it speaks OCPI), connected to both.
            var ownParty = $"{party[0]}*{party[1]}";
            await Put(http, "/api/clearing/participants/demo-cpo", new JsonObject
            {
                ["name"] = "Demo CPO GmbH", ["operator_ids"] = new JsonArray("DE*CPO"),
                ["ochp"] = new JsonObject { ["username"] = DemoCpoLogin, ["password"] = DemoCpoPassword },
            }, cancellation);
            await Put(http, "/api/clearing/participants/demo-emsp", new JsonObject
            {
                ["name"] = "Demo e-MSP AG", ["provider_ids"] = new JsonArray("DE*MSP"),
                ["ochp"] = new JsonObject { ["username"] = DemoEmspLogin, ["password"] = DemoEmspPassword },
            }, cancellation);
            await Put(http, "/api/clearing/participants/roaming", new JsonObject
            {
                ["name"] = "Roaming (own CPO and e-MSP)", ["operator_ids"] = new JsonArray(ownParty), ["provider_ids"] = new JsonArray(ownParty),
            }, cancellation);
            // An e-MSP that speaks OCPI: its platform joins the clearing house's OCPI hub with a token A from
            // POST /api/clearing/participants/demo-ocpi-emsp/ocpi (tests/ochp-client/try_hub.py does it).
            await Put(http, "/api/clearing/participants/demo-ocpi-emsp", new JsonObject
            {
                ["name"] = "Demo OCPI e-MSP B.V.", ["provider_ids"] = new JsonArray("NL*OEM"),
            }, cancellation);
            await Put(http, "/api/clearing/connections/DE*CPO/DE*MSP", new JsonObject(), cancellation);
            await Put(http, "/api/clearing/connections/DE*CPO/NL*OEM", new JsonObject(), cancellation);
            await Put(http, $"/api/clearing/connections/DE*CPO/{ownParty}", new JsonObject(), cancellation);
            await Put(http, $"/api/clearing/connections/{ownParty}/DE*MSP", new JsonObject(), cancellation);

            Log.Information(
                "Demo clearing house: OCHP 1.4 at {Base}/service/ochp/v1.4 (WSDL: ?wsdl) and {Base}/live/ochp/v1.4; participants " +
                "demo-cpo (Operator-ID DE*CPO, login {CpoLogin} / {CpoPassword}) and demo-emsp (Provider-ID DE*MSP, login {EmspLogin} / {EmspPassword}), connected; " +
                "the OCPI e-MSP demo-ocpi-emsp (Provider-ID NL*OEM), connected to DE*CPO, joins the OCPI hub at {Base}/ocpi/hub/versions",
                baseUrl, baseUrl, DemoCpoLogin, DemoCpoPassword, DemoEmspLogin, DemoEmspPassword, baseUrl);
            Log.Information(
                "Demo seeded: tariff DEMO-TARIFF (0.50 EUR start + 0.30 EUR/kWh, 21% VAT), location LOC1, charger {ChargePoint} " +
                "(password {Password}), token {Token}. Admin key: {AdminKey}. Drive a session with: " +
                "node tests/ocpp-client/driver.js --url {Ws}/ocpp --id {ChargePoint} --password {Password} --protocol ocpp1.6 --scenario session --idtag {Token}",
                ChargePointId, ChargePointPassword, TokenUid, adminKey, baseUrl.Replace("http", "ws"), ChargePointId, ChargePointPassword, TokenUid);
            await DemoSettlementSeed.Run(http, app.Services, baseUrl, cancellation);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.Error(exception, "Seeding the demo failed");
        }
    }

    private static async Task Put(HttpClient http, string path, JsonObject body, CancellationToken cancellation)
    {
        using var response = await http.PutAsJsonAsync(path, body, cancellation);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellation)}");
    }
}
