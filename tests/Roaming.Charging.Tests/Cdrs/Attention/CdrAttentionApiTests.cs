using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Roaming.Charging.Cdrs;
using Roaming.Charging.Cdrs.Attention;
using Roaming.Charging.Sessions;
using Roaming.Contracts.Ingest.V1;
using Roaming.Contracts.Network.V1;
using Roaming.Platform.Hosting;
using Roaming.Platform.Messaging;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Charging.Tests.Cdrs.Attention;

/// <summary>
/// The Charging service on real PostgreSQL and HTTP (our party NL*TNM): transactions that cannot become complete CDRs
/// arrive as Ingest's messages through the embedded bus, are held as CDRs needing attention, and the operator API
/// completes them into CDRs issued through the normal path, or discards them, with the caller as actor.
/// </summary>
public class CdrAttentionApiTests : IAsyncLifetime
{
    private const string AdminKey = "attention-test-admin";
    private static readonly Instant Start = Instant.FromUtc(2026, 12, 7, 10, 0);
    private static readonly Instant End = Start + Duration.FromHours(1);
    private WebApplication _app = null!;
    private string _database = "";
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _database = await TestServers.FreshDatabase("roaming_charging_attention");
        IReadOnlyList<IRoamingModule> modules = [new ChargingModule()];
        var builder = RoamingApplication.CreateBuilder([], modules, options =>
        {
            options.Postgres = _database;
            options.AdminKey = AdminKey;
            options.Party = "NL*TNM";
        });
        var url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        builder.WebHost.UseUrls(url);
        _app = RoamingApplication.Build(builder, modules);
        await _app.StartAsync();
        _api = new HttpClient { BaseAddress = new Uri(url) };
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await TestServers.DropDatabase(_database);
    }

    [Fact]
    public async Task a_transaction_on_an_unmapped_connector_is_held_with_its_facts_and_completed_once_into_a_priced_cdr()
    {
        await Ingest(
            new ChargingTransactionStarted("CP-U", "TX-U", "1.6", 1, 2, null, "TAG-1", 1000m, Start, Start + Duration.FromSeconds(1), false, "Accepted"),
            new MeterValuesReported("CP-U", "TX-U",
                [new MeterSample(Start + Duration.FromMinutes(30), "Energy.Active.Import.Register", null, "Sample.Periodic", null, 6000m, "Wh", null)], Start),
            new ChargingTransactionStopped("CP-U", "TX-U", 11000m, "Local", "TAG-1", End, End + Duration.FromSeconds(2), false, false));

        var open = await List("open");
        var item = open.ShouldHaveSingleItem()!;
        var id = item["id"]!.GetValue<string>();
        item["reason"]!.GetValue<string>().ShouldBe(AttentionReasons.ConnectorNotMapped);
        item["text"]!.GetValue<string>().ShouldContain("OCPP connector 2 (EVSE 1) of CP-U is not mapped");
        var facts = item["facts"]!;
        (facts["chargePointId"]!.GetValue<string>(), facts["transactionId"]!.GetValue<string>(), facts["tokenUid"]!.GetValue<string>(),
            facts["meterStartWh"]!.GetValue<decimal>(), facts["meterStopWh"]!.GetValue<decimal>()).ShouldBe(("CP-U", "TX-U", "TAG-1", 1000m, 11000m));
        (facts["startedAt"]!.GetValue<string>(), facts["startReceivedAt"]!.GetValue<string>(), facts["stopReceivedAt"]!.GetValue<string>())
            .ShouldBe(("2026-12-07T10:00:00Z", "2026-12-07T10:00:01Z", "2026-12-07T11:00:02Z"));
        item["meterSampleCount"]!.GetValue<int>().ShouldBe(1);
        (await _api.GetFromJsonAsync<JsonObject>($"/api/charging/cdrs/attention/{id}"))!["samples"]!.AsArray().Count.ShouldBe(1);

        // The operator must name the whole connector, of a location Charging knows.
        var nothing = await Complete(id, "{}");
        nothing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Fields(nothing)).ShouldBe(["connector_id", "evse_uid", "location_id"]);
        var unknown = await Complete(id, """{"location_id":"LOC1","evse_uid":"E1","connector_id":"1"}""");
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Fields(unknown)).ShouldBe(["location_id"]);
        var broken = await Complete(id, """{"location_id": 5""");
        broken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await PublishLocation();
        var done = await Complete(id, """{"location_id":"LOC1","evse_uid":"E1","connector_id":"1"}""");
        var completed = JsonNode.Parse(await done.Content.ReadAsStringAsync())!;
        done.StatusCode.ShouldBe(HttpStatusCode.OK, completed.ToJsonString());
        (completed["state"]!.GetValue<string>(), completed["closedBy"]!.GetValue<string>()).ShouldBe((AttentionStates.Completed, "operator"));
        var cdrId = completed["cdrId"]!.GetValue<string>();

        // Issued through the normal path: priced with the connector's tariff (10 kWh at 0.30), its session recorded.
        var cdr = (await _api.GetFromJsonAsync<JsonObject>($"/api/cdrs/{cdrId}"))!;
        cdr["total_cost"]!["excl_vat"]!.GetValue<decimal>().ShouldBe(3.00m);
        cdr["total_energy"]!.GetValue<decimal>().ShouldBe(10m);
        (cdr["cdr_location"]!["id"]!.GetValue<string>(), cdr["cdr_location"]!["evse_uid"]!.GetValue<string>()).ShouldBe(("LOC1", "E1"));
        var sessionId = ChargingSession.IdFor("CP-U", "TX-U");
        cdr["session_id"]!.GetValue<string>().ShouldBe(sessionId);
        (await _api.GetFromJsonAsync<JsonObject>($"/api/sessions/{sessionId}"))!["status"]!.GetValue<string>().ShouldBe("COMPLETED");
        (await _api.GetFromJsonAsync<JsonObject>($"/api/cdrs/{cdrId}/explain"))!["tariffId"]!.GetValue<string>().ShouldBe("T1");

        // Completing twice, or discarding what is completed: 409, and still one CDR.
        (await Complete(id, """{"location_id":"LOC1","evse_uid":"E1","connector_id":"1"}""")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Discard(id, """{"reason":"late"}""")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await List("open")).ShouldBeEmpty();
        (await List("completed")).Single()!["id"]!.GetValue<string>().ShouldBe(id);
        await using var query = _app.Services.GetRequiredService<IChargingStore>().QuerySession();
        // The same CdrIssued as any CDR: the outbox publishes it as Charging.V1.CdrIssued, which OCPI pushes and Settlement follows.
        var issued = await query.Events.QueryAllRawEvents().Where(e => e.EventTypesAre(typeof(CdrIssued))).ToListAsync();
        new Roaming.Charging.Publishing.ChargingIntegrationEvents().ToMessage(issued.ShouldHaveSingleItem())
            .ShouldBeOfType<Roaming.Contracts.Charging.V1.CdrIssued>().CdrId.ShouldBe(cdrId);
        var closed = (await query.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<CdrAttentionCompleted>().ShouldHaveSingleItem();
        (closed.Actor, closed.CdrId, closed.LocationId).ShouldBe(("operator", cdrId, "LOC1"));
    }

    [Fact]
    public async Task a_session_at_an_unknown_connector_is_completed_with_the_named_connector_and_tariff()
    {
        await PublishLocation();
        await Tariff("T2", 0.50m);
        await Ingest(
            new ChargingTransactionStarted("CP-K", "TX-K", "1.6", 1, 1, new ConnectorReference("LOC1", "E1", "9"), "TAG-1", 0m, Start, Start, false, "Accepted"),
            new ChargingTransactionStopped("CP-K", "TX-K", 4000m, "Local", "TAG-1", End, End, false, false));
        var item = (await List("open")).ShouldHaveSingleItem()!;
        item["reason"]!.GetValue<string>().ShouldBe(AttentionReasons.ConnectorUnknown);
        item["facts"]!["sessionId"]!.GetValue<string>().ShouldBe(ChargingSession.IdFor("CP-K", "TX-K"));
        var id = item["id"]!.GetValue<string>();

        var badTariff = await Complete(id, """{"connector_id":"1","tariff_id":"NOPE"}""");
        badTariff.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Fields(badTariff)).ShouldBe(["tariff_id"]);
        var done = await Complete(id, """{"connector_id":"1","tariff_id":"T2"}""");
        done.StatusCode.ShouldBe(HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
        var cdr = (await _api.GetFromJsonAsync<JsonObject>($"/api/cdrs/{JsonNode.Parse(await done.Content.ReadAsStringAsync())!["cdrId"]!.GetValue<string>()}"))!;
        cdr["total_cost"]!["excl_vat"]!.GetValue<decimal>().ShouldBe(2.00m); // 4 kWh at 0.50
        cdr["cdr_location"]!["connector_id"]!.GetValue<string>().ShouldBe("1");
    }

    [Fact]
    public async Task a_session_without_any_energy_reading_is_completed_with_the_operators_meter_readings_on_the_session()
    {
        await PublishLocation();
        await Ingest(
            new ChargingTransactionStarted("CP-M", "TX-M", "2.0.1", 1, 1, new ConnectorReference("LOC1", "E1", "1"), "TAG-1", 0m, Start, Start, false, "Accepted"),
            new ChargingTransactionStopped("CP-M", "TX-M", 0m, "EVDisconnected", "TAG-1", End, End, false, false));
        var item = (await List("open")).ShouldHaveSingleItem()!;
        item["reason"]!.GetValue<string>().ShouldBe(AttentionReasons.MeterValuesMissing);
        var id = item["id"]!.GetValue<string>();

        var missing = await Complete(id, "{}");
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Fields(missing)).ShouldBe(["meter_stop_wh"]);
        var done = await Complete(id, """{"meter_stop_wh": 5000}""");
        var completed = JsonNode.Parse(await done.Content.ReadAsStringAsync())!;
        done.StatusCode.ShouldBe(HttpStatusCode.OK, completed.ToJsonString());
        completed["completion"]!["meterStopWh"]!.GetValue<decimal>().ShouldBe(5000m);
        var cdrId = completed["cdrId"]!.GetValue<string>();
        var cdr = (await _api.GetFromJsonAsync<JsonObject>($"/api/cdrs/{cdrId}"))!;
        (cdr["total_energy"]!.GetValue<decimal>(), cdr["total_cost"]!["excl_vat"]!.GetValue<decimal>()).ShouldBe((5m, 1.50m));
        // The session says what the CDR says, and so does the recomputed explanation.
        var sessionId = ChargingSession.IdFor("CP-M", "TX-M");
        (await _api.GetFromJsonAsync<JsonObject>($"/api/sessions/{sessionId}"))!["kwh"]!.GetValue<decimal>().ShouldBe(5m);
        (await _api.GetFromJsonAsync<JsonObject>($"/api/cdrs/{cdrId}/explain"))!["text"]!.GetValue<string>().ShouldContain("1.50");
    }

    [Fact]
    public async Task the_scan_finds_sessions_that_ended_without_a_cdr_before_items_were_kept_once()
    {
        await PublishLocation();
        // One session issued its CDR the normal way; two ended without one, as before CDRs needing attention existed.
        await Ingest(
            new ChargingTransactionStarted("CP-N", "TX-N", "1.6", 1, 1, new ConnectorReference("LOC1", "E1", "1"), "TAG-1", 0m, Start, Start, false, "Accepted"),
            new ChargingTransactionStopped("CP-N", "TX-N", 1000m, "Local", "TAG-1", End, End, false, false));
        await using (var old = _app.Services.GetRequiredService<IChargingStore>().LightweightSession())
        {
            foreach (var (chargePoint, location) in new[] { ("CP-OLD1", "LOC1"), ("CP-OLD2", "LOC-GONE") })
            {
                var id = ChargingSession.IdFor(chargePoint, "TX");
                old.Events.StartStream<ChargingSession>(id,
                    new SessionStarted(id, "NL", "TNM", chargePoint, "TX", location, "E1", "1", "TAG-1", "Accepted", 1000m, Start, Start),
                    new SessionEnded(id, 3000m, End, End, "Local", false, false));
            }
            await old.SaveChangesAsync();
        }

        var scan = await _api.PostAsync("/api/charging/cdrs/attention/scan", null);
        (await scan.Content.ReadFromJsonAsync<JsonObject>())!.ToJsonString().ShouldBe("""{"scanned":3,"recorded":2}""");
        var items = await List("open");
        items.Select(i => (i!["facts"]!["chargePointId"]!.GetValue<string>(), i["reason"]!.GetValue<string>())).OrderBy(i => i.Item1).ToList()
            .ShouldBe([("CP-OLD1", AttentionReasons.CdrMissing), ("CP-OLD2", AttentionReasons.LocationUnknown)]);
        (await (await _api.PostAsync("/api/charging/cdrs/attention/scan", null)).Content.ReadFromJsonAsync<JsonObject>())!.ToJsonString()
            .ShouldBe("""{"scanned":3,"recorded":0}""");

        var missing = items.Single(i => i!["reason"]!.GetValue<string>() == AttentionReasons.CdrMissing)!["id"]!.GetValue<string>();
        var done = await Complete(missing, "{}");
        done.StatusCode.ShouldBe(HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
        (await _api.GetFromJsonAsync<JsonArray>("/api/cdrs"))!.Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_session_at_an_unknown_location_is_discarded_with_a_reason_and_kept()
    {
        await Ingest(
            new ChargingTransactionStarted("CP-X", "TX-X", "1.6", 1, 1, new ConnectorReference("LOC-X", "E1", "1"), "TAG-1", 0m, Start, Start, false, "Accepted"),
            new ChargingTransactionStopped("CP-X", "TX-X", 4000m, "Local", "TAG-1", End, End, false, false));
        var item = (await List("open")).ShouldHaveSingleItem()!;
        item["reason"]!.GetValue<string>().ShouldBe(AttentionReasons.LocationUnknown);
        var id = item["id"]!.GetValue<string>();
        (await _api.GetFromJsonAsync<JsonArray>("/api/cdrs"))!.ShouldBeEmpty();

        var noReason = await Discard(id, "{}");
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Fields(noReason)).ShouldBe(["reason"]);
        var discarded = await Discard(id, """{"reason":"a test charge on the bench"}""");
        discarded.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonNode.Parse(await discarded.Content.ReadAsStringAsync())!;
        (body["state"]!.GetValue<string>(), body["discardReason"]!.GetValue<string>(), body["closedBy"]!.GetValue<string>())
            .ShouldBe((AttentionStates.Discarded, "a test charge on the bench", "operator"));
        (await Complete(id, "{}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await List("discarded")).ShouldHaveSingleItem();
        (await List(null)).ShouldHaveSingleItem();
        (await List("open")).ShouldBeEmpty();

        var badState = await _api.GetAsync("/api/charging/cdrs/attention?state=closed");
        badState.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Fields(badState)).ShouldBe(["state"]);
        (await _api.GetAsync("/api/charging/cdrs/attention/no-such-item")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Complete("no-such-item", "{}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>Ingest's messages as the embedded outbox hands them over: one page, handled before this returns.</summary>
    private Task Ingest(params object[] messages) => _app.Services.GetRequiredService<IIntegrationBus>()
        .PublishPage(messages.Select(m => new IntegrationMessage(m, Guid.CreateVersion7(), null)).ToList(), CancellationToken.None);

    /// <summary>LOC1 with EVSE E1, connector 1 at tariff T1 (0.30 per kWh), as Network publishes it.</summary>
    private async Task PublishLocation()
    {
        await Tariff("T1", 0.30m);
        await Ingest(new LocationChanged("NL", "TNM", "LOC1", "Garage", "Street 1", "Amsterdam", "1012AB", null, "NLD", "52.1", "4.9", "Europe/Amsterdam",
            [new EvseSnapshot("E1", "NL*TNM*E1", "AVAILABLE", [new ConnectorSnapshot("1", "IEC_62196_T2", "SOCKET", "AC_3_PHASE", 230, 32, null, ["T1"])])],
            Start - Duration.FromDays(1)));
    }

    private async Task Tariff(string id, decimal perKwh)
    {
        var tariff = $$"""
            {"country_code":"NL","party_id":"TNM","id":"{{id}}","currency":"EUR","last_updated":"2026-12-01T00:00:00Z",
             "elements":[{"price_components":[{"type":"ENERGY","price":{{perKwh.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"vat":21,"step_size":1}]}]}
            """;
        var put = await _api.PutAsync($"/api/tariffs/{id}", new StringContent(tariff, Encoding.UTF8, "application/json"));
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
    }

    private async Task<JsonArray> List(string? state) =>
        (await _api.GetFromJsonAsync<JsonArray>(state is null ? "/api/charging/cdrs/attention" : $"/api/charging/cdrs/attention?state={state}"))!;

    private Task<HttpResponseMessage> Complete(string id, string json) =>
        _api.PostAsync($"/api/charging/cdrs/attention/{id}/complete", new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> Discard(string id, string json) =>
        _api.PostAsync($"/api/charging/cdrs/attention/{id}/discard", new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>The fields a problem-details answer names, sorted.</summary>
    private static async Task<IReadOnlyList<string>> Fields(HttpResponseMessage response)
    {
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
    }
}
