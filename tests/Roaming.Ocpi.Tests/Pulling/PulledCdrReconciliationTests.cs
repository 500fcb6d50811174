using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Roaming.Charging;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Platform.Hosting;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ocpi.Tests.Pulling;

/// <summary>
/// Our eMSP platform (NL*MSP, the ocpi and charging modules in one process, as <c>roaming run</c> hosts them) pulls the
/// CDRs of a hand-written CPO (BE*BEC) on loopback, which also pushes one: every CDR, pushed or pulled, is re-priced by
/// Charging's reconciliation exactly once, however often a pull reads it again.
/// </summary>
public class PulledCdrReconciliationTests : IAsyncLifetime
{
    private const string AdminKey = "pull-test-admin";
    private PullableCpo _cpo = null!;
    private WebApplication _emsp = null!;
    private string _database = "";
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _cpo = await PullableCpo.Start();
        _database = await TestServers.FreshDatabase("roaming_ocpi_pull_reconcile");
        IReadOnlyList<IRoamingModule> modules = [new OcpiModule(), new ChargingModule()];
        var builder = RoamingApplication.CreateBuilder([], modules, options =>
        {
            options.Postgres = _database;
            options.AdminKey = AdminKey;
            options.Party = "NL*MSP";
        });
        var url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        builder.WebHost.UseUrls(url);
        _emsp = RoamingApplication.Build(builder, modules);
        await _emsp.StartAsync();
        _api = new HttpClient { BaseAddress = new Uri(url) };
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _emsp.StopAsync();
        await _emsp.DisposeAsync();
        await TestServers.DropDatabase(_database);
        await _cpo.DisposeAsync();
    }

    [Fact]
    public async Task a_cdr_pulled_twice_or_pushed_and_pulled_is_reconciled_once_with_its_differences()
    {
        _cpo.Locations.Add(SpecExamples.ReadObject("location_example.json")); // LOC1, Europe/Brussels
        _cpo.Cdrs.Add(Cdr("PULLED-1", totalExclVat: 5.00m, totalInclVat: 5.50m)); // the spec's CDR prices to 4.00 / 4.40
        var registered = await _api.PostAsJsonAsync("/api/partners/register",
            new { versions_url = _cpo.VersionsUrl, token_a = PullableCpo.TokenA, name = "Pullable CPO" });
        var text = await registered.Content.ReadAsStringAsync();
        registered.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        var partnerId = JsonNode.Parse(text)!["id"]!.GetValue<string>();

        // The first pull brings the location (its time zone prices the CDRs) and one CDR; then the CPO pushes another.
        (await Pull(partnerId)).ShouldBe((1, 1));
        var pushed = await _cpo.Push(Cdr("PUSHED-1", 4.00m, 4.40m));
        pushed.StatusCode.ShouldBe(HttpStatusCode.Created, await pushed.Content.ReadAsStringAsync());
        var pulled = await Eventually("PULLED-1 reconciled", checks => checks.Any(c => c!["cdrId"]!.GetValue<string>() == "PULLED-1"));
        var discrepancy = pulled.Single(c => c!["cdrId"]!.GetValue<string>() == "PULLED-1")!;
        discrepancy["outcome"]!.GetValue<string>().ShouldBe("discrepancy");
        discrepancy["differences"]!.AsArray().Select(d => (d!["total"]!.GetValue<string>(), d["theirs"]!.GetValue<decimal>(), d["ours"]!.GetValue<decimal>()))
            .ShouldBe([("total_cost.excl_vat", 5.00m, 4.00m), ("total_cost.incl_vat", 5.50m, 4.40m)], discrepancy.ToJsonString());

        // The second pull reads PULLED-1 again (the CPO ignores date_from), the pushed CDR and a new one: only the new one is stored.
        _cpo.Cdrs.Add(Cdr("PUSHED-1", 4.00m, 4.40m));
        _cpo.Cdrs.Add(Cdr("PULLED-2", 4.00m, 4.40m));
        (await Pull(partnerId)).ShouldBe((3, 1));
        // Reconciliation follows the outbox in order: once PULLED-2 is reconciled, whatever the second pull caused has been.
        var checks = await Eventually("PULLED-2 reconciled", list => list.Any(c => c!["cdrId"]!.GetValue<string>() == "PULLED-2"));
        checks.Select(c => (c!["cdrId"]!.GetValue<string>(), c["outcome"]!.GetValue<string>())).OrderBy(c => c.Item1).ToList()
            .ShouldBe([("PULLED-1", "discrepancy"), ("PULLED-2", "verified"), ("PUSHED-1", "verified")], checks.ToJsonString());

        // A CDR pushed after it was pulled is answered as a replay and requests nothing (checked below: three requests).
        var replayed = await _cpo.Push(Cdr("PULLED-2", 4.00m, 4.40m));
        replayed.StatusCode.ShouldBe(HttpStatusCode.OK, await replayed.Content.ReadAsStringAsync());

        await using (var charging = _emsp.Services.GetRequiredService<IChargingStore>().QuerySession())
        {
            foreach (var id in new[] { "PULLED-1", "PULLED-2", "PUSHED-1" })
                (await charging.Events.FetchStreamAsync($"BE*BEC*{id}")).Count.ShouldBe(1, $"{id} is reconciled once");
        }
        await using var ocpi = _emsp.Services.GetRequiredService<IOcpiStore>().QuerySession();
        var requested = await ocpi.Events.QueryRawEventDataOnly<PartnerCdrReconciliationRequested>().ToListAsync();
        requested.Select(r => r.CdrId).Order().ShouldBe(["PULLED-1", "PULLED-2", "PUSHED-1"]);
        // The pulled CDR went through the same rules as a pushed one: stored with its reconciliation inputs.
        var first = requested.Single(r => r.CdrId == "PULLED-1");
        first.TimeZone.ShouldBe("Europe/Brussels");
        (await ocpi.LoadAsync<OcpiObject>(OcpiObject.KeyFor(Modules.Cdrs, "BE", "BEC", "PULLED-1")))!.Owner.ShouldBe(partnerId);
    }

    /// <summary>POST /api/partners/{id}/pull: what the cdrs module read and stored.</summary>
    private async Task<(int Read, int Stored)> Pull(string partnerId)
    {
        var answer = await _api.PostAsync($"/api/partners/{partnerId}/pull", null);
        var results = (await answer.Content.ReadFromJsonAsync<JsonArray>())!;
        var cdrs = results.Single(r => r!["module"]!.GetValue<string>() == "cdrs")!;
        cdrs["problem"].ShouldBeNull(results.ToJsonString());
        return (cdrs["read"]!.GetValue<int>(), cdrs["stored"]!.GetValue<int>());
    }

    private async Task<JsonArray> Eventually(string what, Func<JsonArray, bool> condition)
    {
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(20));
        while (true)
        {
            var checks = (await _api.GetFromJsonAsync<JsonArray>("/api/reconciliation"))!;
            if (condition(checks))
                return checks;
            if (DateTime.UtcNow > deadline)
                throw new ShouldAssertException($"{what}: not reached in 20 s; reconciliation: {checks.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// The spec's CDR example (BE*BEC, LOC1, TIME at 2.00/h: 4.00 excl. VAT) under another id and totals; its period
    /// also states the 15.342 kWh of its total_energy, which the example leaves out.
    /// </summary>
    private static JsonObject Cdr(string id, decimal totalExclVat, decimal totalInclVat)
    {
        var cdr = SpecExamples.ReadObject("cdr_example.json");
        cdr["id"] = id;
        cdr["charging_periods"]![0]!["dimensions"]!.AsArray().Add(new JsonObject { ["type"] = "ENERGY", ["volume"] = 15.342m });
        cdr["total_cost"] = new JsonObject { ["excl_vat"] = totalExclVat, ["incl_vat"] = totalInclVat };
        return cdr;
    }
}
