using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Roaming.Clearing.Cdrs;
using Roaming.Clearing.Tests.Cdrs;
using Roaming.Contracts.Clearing.V1;
using Shouldly;

namespace Roaming.Clearing.Tests.Integration;

/// <summary>
/// Participants, connections and the CDR workflow on the real host: one CPO (cpo-a, DE*ABC) connected to one e-MSP
/// (emsp-a, DE*8PS); a second e-MSP (emsp-b, DE*XYZ) claimed but not connected.
/// </summary>
public class ClearingWorkflowTests(ClearingHost host) : IClassFixture<ClearingHost>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        (await host.Put("/api/clearing/participants/cpo-a", new { name = "CPO A", operator_ids = new[] { "DE*ABC" }, provider_ids = Array.Empty<string>(),
            ochp = new { username = "cpo-a-user", password = "secret-a" } })).EnsureSuccessStatusCode();
        (await host.Put("/api/clearing/participants/emsp-a", new { name = "eMSP A", operator_ids = Array.Empty<string>(), provider_ids = new[] { "de8ps" } }))
            .EnsureSuccessStatusCode();
        (await host.Put("/api/clearing/participants/emsp-b", new { name = "eMSP B", operator_ids = Array.Empty<string>(), provider_ids = new[] { "DE*XYZ" } }))
            .EnsureSuccessStatusCode();
        (await host.Put("/api/clearing/connections/DE*ABC/DE*8PS", new { limits = new { max_energy_kwh = 150 } })).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_participant_is_shown_without_its_password_and_ids_are_claimed_once()
    {
        var cpo = await host.Json("/api/clearing/participants/cpo-a");
        cpo.GetProperty("operator_ids")[0].GetString().ShouldBe("DE*ABC");
        cpo.GetProperty("ochp").GetProperty("username").GetString().ShouldBe("cpo-a-user");
        cpo.ToString().ShouldNotContain("secret-a");
        cpo.ToString().ShouldNotContain("pbkdf2");

        var taken = await host.Put("/api/clearing/participants/cpo-other", new { name = "Other", operator_ids = new[] { "deabc" } });
        taken.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await taken.Content.ReadAsStringAsync()).ShouldContain("Operator-ID DE*ABC belongs to participant cpo-a");
        var username = await host.Put("/api/clearing/participants/cpo-other", new { name = "Other", ochp = new { username = "cpo-a-user", password = "x" } });
        username.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await username.Content.ReadAsStringAsync()).ShouldContain("OCHP user name cpo-a-user belongs to participant cpo-a");

        var bad = await host.Put("/api/clearing/participants/Bad_Id", new { name = "", operator_ids = new[] { "D*ABC" } });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("id", out _).ShouldBeTrue();
        errors.TryGetProperty("operator_ids[0]", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task concurrent_claims_of_one_provider_id_leave_exactly_one_owner()
    {
        var puts = Enumerable.Range(0, 6).Select(i =>
            host.Put($"/api/clearing/participants/racer-{i}", new { name = $"Racer {i}", provider_ids = new[] { "FR*RCE" } })).ToList();
        var statuses = (await Task.WhenAll(puts)).Select(r => r.StatusCode).ToList();
        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(5);
    }

    [Fact]
    public async Task participants_are_paged_with_a_total()
    {
        var response = await host.Api.GetAsync("/api/clearing/participants?limit=1");
        response.Headers.GetValues("X-Total-Count").Single().ShouldNotBe("0");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task connections_need_claimed_ids_and_can_end()
    {
        (await host.Put("/api/clearing/connections/DE*ABC/NL*TNM", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await host.Put("/api/clearing/connections/FR*NOP/DE*8PS", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var connections = await host.Json("/api/clearing/connections?participant=emsp-a");
        connections.GetArrayLength().ShouldBe(1);
        connections[0].GetProperty("limits").GetProperty("max_energy_kwh").GetDecimal().ShouldBe(150m);

        (await host.Put("/api/clearing/participants/cpo-c", new { name = "CPO C", operator_ids = new[] { "AT*CCC" } })).EnsureSuccessStatusCode();
        (await host.Put("/api/clearing/connections/AT*CCC/DE*XYZ", new { })).EnsureSuccessStatusCode();
        (await host.Json("/api/clearing/connections?participant=cpo-c")).GetArrayLength().ShouldBe(1);
        (await host.Api.DeleteAsync("/api/clearing/connections/AT*CCC/DE*XYZ")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await host.Json("/api/clearing/connections?participant=cpo-c")).GetArrayLength().ShouldBe(0);
        (await host.Api.DeleteAsync("/api/clearing/connections/AT*CCC/DE*XYZ")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static CdrForClearing Cdr(string cdrId, string contract = "DE-8PS-C12345678", string status = CdrStatuses.New) =>
        Plausible.Cdr(cdrId, status) with { ContractId = contract };

    [Fact]
    public async Task a_batch_with_good_and_bad_cdrs_gets_one_outcome_each()
    {
        var submitted = await host.Submit("cpo-a",
            Cdr("DEABCB1GOOD"),
            Cdr("DEABCB1BAD") with { TotalCost = 9.99m },
            Cdr("DEABCB1NC", contract: "DE-XYZ-C12345678"),
            Cdr("DEABCB1SCHEMA") with { SchemaProblem = "chargePointType: missing" },
            Cdr("DEABCB1BIG") with { Periods = [Plausible.Cdr().Periods[0] with { BillingValue = 151m, PeriodCost = null }], TotalCost = null },
            Cdr("DEABCB1GOOD"));
        submitted.Outcomes.Select(o => (o.CdrId, o.Outcome, o.FailedRule)).ShouldBe([
            ("DEABCB1GOOD", CdrSubmissionOutcomes.Accepted, null),
            ("DEABCB1BAD", CdrSubmissionOutcomes.Implausible, "total-cost"),
            ("DEABCB1NC", CdrSubmissionOutcomes.NotConnected, "provider-connected"),
            ("DEABCB1SCHEMA", CdrSubmissionOutcomes.Implausible, "schema-valid"),
            ("DEABCB1BIG", CdrSubmissionOutcomes.Implausible, "max-energy"),
            ("DEABCB1GOOD", CdrSubmissionOutcomes.Implausible, "no-duplicate"),
        ]);

        var good = await host.Json("/api/clearing/cdrs/cpo-a.DEABCB1GOOD");
        good.GetProperty("cdr").GetProperty("status").GetString().ShouldBe("accepted");
        good.GetProperty("history").EnumerateArray().Select(h => (h.GetProperty("status").GetString(), h.GetProperty("actor").GetString()))
            .ShouldBe([("new", "ochp:cpo-a"), ("accepted", "ochp:cpo-a")]);
        var bad = await host.Json("/api/clearing/cdrs/cpo-a.DEABCB1BAD");
        bad.GetProperty("cdr").GetProperty("status").GetString().ShouldBe("implausible");
        bad.GetProperty("history")[1].GetProperty("rule").GetString().ShouldBe("total-cost");
        bad.GetProperty("last_check").EnumerateArray().Last().GetProperty("passed").GetBoolean().ShouldBeFalse();

        var events = await host.Stream("cpo-a.DEABCB1GOOD");
        events.Select(e => e.Data.GetType().Name).ShouldBe(["CdrUploaded", "CdrAccepted"]);
        var messages = events.Select(e => new ClearingIntegrationEvents().ToMessage(e)).OfType<CdrClearingStatusChanged>().ToList();
        messages.Select(m => (m.Status, m.Actor, m.OperatorId, m.ProviderId)).ShouldBe([
            ("new", "ochp:cpo-a", "DE*ABC", "DE*8PS"), ("accepted", "ochp:cpo-a", "DE*ABC", "DE*8PS")]);
    }

    [Fact]
    public async Task an_implausible_cdr_fixed_and_uploaded_again_is_accepted()
    {
        (await host.Submit("cpo-a", Cdr("DEABCFIX1") with { Currency = "EURO" })).Outcomes.Single().FailedRule.ShouldBe("currency-iso-4217");
        (await host.Submit("cpo-a", Cdr("DEABCFIX1"))).Outcomes.Single().Outcome.ShouldBe(CdrSubmissionOutcomes.Accepted);
        (await host.Json("/api/clearing/cdrs/cpo-a.DEABCFIX1")).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString())
            .ShouldBe(["new", "implausible", "new", "accepted"]);
    }

    [Fact]
    public async Task decline_revise_approve_and_decline_reject_flows()
    {
        await host.Submit("cpo-a", Cdr("DEABCFLOW1"), Cdr("DEABCFLOW2"));
        var declined = await host.Confirm("emsp-a", [], [new CdrKey("DEABCFLOW1", "DEABCE0001", "price too high"), new CdrKey("DEABCFLOW2", "DE*ABC*E0001")]);
        declined.Outcomes.ShouldAllBe(o => o.Applied);

        (await host.Find("cpo-a", CdrRoles.Operator, CdrStatuses.Declined)).Cdrs.Select(c => c.Cdr.CdrId).ShouldContain("DEABCFLOW1");
        var reuploaded = await host.Submit("cpo-a", Cdr("DEABCFLOW1", status: CdrStatuses.Revised) with { TotalCost = 6.30m },
            Cdr("DEABCFLOW2", status: CdrStatuses.Rejected));
        reuploaded.Outcomes.Select(o => o.Outcome).ShouldBe([CdrSubmissionOutcomes.Revised, CdrSubmissionOutcomes.Rejected]);

        (await host.Find("emsp-a", CdrRoles.Provider, CdrStatuses.Revised)).Cdrs.Single(c => c.Cdr.CdrId == "DEABCFLOW1").Status.ShouldBe("revised");
        (await host.Confirm("emsp-a", [new CdrKey("DEABCFLOW1", "DE*ABC*E0001")], [])).Outcomes.Single().Applied.ShouldBeTrue();

        var flow1 = await host.Json("/api/clearing/cdrs/cpo-a.DEABCFLOW1");
        flow1.GetProperty("history").EnumerateArray().Select(h => (h.GetProperty("status").GetString(), h.GetProperty("actor").GetString()))
            .ShouldBe([("new", "ochp:cpo-a"), ("accepted", "ochp:cpo-a"), ("declined", "ochp:emsp-a"), ("revised", "ochp:cpo-a"), ("approved", "ochp:emsp-a")]);
        flow1.GetProperty("history")[2].GetProperty("reason").GetString().ShouldBe("price too high");
        (await host.Json("/api/clearing/cdrs/cpo-a.DEABCFLOW2")).GetProperty("cdr").GetProperty("status").GetString().ShouldBe("rejected");
    }

    [Fact]
    public async Task illegal_transitions_are_refused_per_cdr()
    {
        await host.Submit("cpo-a", Cdr("DEABCILL1"), Cdr("DEABCILL2"));
        (await host.Confirm("emsp-a", [new CdrKey("DEABCILL1", "DE*ABC*E0001")], [])).Outcomes.Single().Applied.ShouldBeTrue();

        var again = await host.Confirm("emsp-a", [new CdrKey("DEABCILL1", "DE*ABC*E0001"), new CdrKey("DEABCILL2", "DE*ABC*E0001")], []);
        again.Outcomes.Select(o => (o.CdrId, o.Applied, o.Reason)).ShouldBe([("DEABCILL1", false, "the CDR is approved: final"), ("DEABCILL2", true, null)]);
        var revise = await host.Submit("cpo-a", Cdr("DEABCILL1", status: CdrStatuses.Revised), Cdr("DEABCNEVER", status: CdrStatuses.Rejected));
        revise.Outcomes.Select(o => o.FailedRule).ShouldBe(["no-duplicate", "no-duplicate"]);
        (await host.Json("/api/clearing/cdrs/cpo-a.DEABCILL1")).GetProperty("cdr").GetProperty("status").GetString().ShouldBe("approved");
        (await host.Api.GetAsync("/api/clearing/cdrs/cpo-a.DEABCNEVER")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var operatorDecline = await host.Api.PostAsJsonAsync("/api/clearing/cdrs/cpo-a.DEABCILL1/decline", new { reason = "late" });
        operatorDecline.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task a_provider_never_sees_or_confirms_another_providers_cdrs()
    {
        (await host.Put("/api/clearing/connections/DE*ABC/DE*XYZ", new { })).EnsureSuccessStatusCode();
        await host.Submit("cpo-a", Cdr("DEABCVISA"), Cdr("DEABCVISB", contract: "DE-XYZ-C12345678"));
        (await host.Find("emsp-a", CdrRoles.Provider)).Cdrs.Select(c => c.Cdr.CdrId).ShouldContain("DEABCVISA");
        (await host.Find("emsp-a", CdrRoles.Provider)).Cdrs.Select(c => c.Cdr.CdrId).ShouldNotContain("DEABCVISB");
        (await host.Find("emsp-b", CdrRoles.Provider)).Cdrs.Select(c => c.Cdr.CdrId).ShouldBe(["DEABCVISB"]);
        var foreign = await host.Confirm("emsp-b", [new CdrKey("DEABCVISA", "DE*ABC*E0001")], []);
        foreign.Outcomes.Single().Applied.ShouldBeFalse();
        foreign.Outcomes.Single().Reason!.ShouldContain("unknown to this provider");
        (await host.Api.DeleteAsync("/api/clearing/connections/DE*ABC/DE*XYZ")).EnsureSuccessStatusCode();
        (await host.Find("emsp-b", CdrRoles.Provider)).Cdrs.ShouldBeEmpty();
    }

    [Fact]
    public async Task nobody_writes_into_another_operators_cdr_by_its_prefix()
    {
        await host.Submit("cpo-a", Cdr("DEABCOWN1"));
        (await host.Put("/api/clearing/participants/cpo-evil", new { name = "Evil", operator_ids = new[] { "FR*EVL" } })).EnsureSuccessStatusCode();
        var attempt = await host.Submit("cpo-evil", Cdr("DEABCOWN1", status: CdrStatuses.Rejected), Cdr("DEABCOWN1"));
        attempt.Outcomes.Select(o => o.FailedRule).ShouldBe(["no-duplicate", "operator-owns-evse"]);
        (await host.Json("/api/clearing/cdrs/cpo-a.DEABCOWN1")).GetProperty("cdr").GetProperty("status").GetString().ShouldBe("accepted");
    }

    [Fact]
    public async Task the_operator_api_filters_pages_and_answers_for_the_provider()
    {
        var before = NodaTime.SystemClock.Instance.GetCurrentInstant();
        await host.Put("/api/clearing/participants/cpo-p", new { name = "CPO P", operator_ids = new[] { "BE*PPP" } });
        await host.Put("/api/clearing/connections/BE*PPP/DE*8PS", new { });
        var cdrs = Enumerable.Range(1, 5).Select(i => Plausible.Cdr($"BEPPPPAGE{i}") with { EvseId = "BE*PPP*E1" }).ToArray();
        (await host.Submit("cpo-p", cdrs)).Outcomes.ShouldAllBe(o => o.Outcome == CdrSubmissionOutcomes.Accepted);

        var page = await host.Api.GetAsync($"/api/clearing/cdrs?participant=cpo-p&status=accepted&from={before}&limit=2&offset=1");
        page.StatusCode.ShouldBe(HttpStatusCode.OK, await page.Content.ReadAsStringAsync());
        page.Headers.GetValues("X-Total-Count").Single().ShouldBe("5");
        var items = await page.Content.ReadFromJsonAsync<JsonElement>();
        items.EnumerateArray().Select(i => i.GetProperty("cdr_id").GetString()).ShouldBe(["BEPPPPAGE4", "BEPPPPAGE3"]);
        (await host.Json($"/api/clearing/cdrs?participant=cpo-p&to={before}")).GetArrayLength().ShouldBe(0);
        (await host.Json("/api/clearing/cdrs?participant=emsp-a&status=accepted")).EnumerateArray().Select(i => i.GetProperty("cdr_id").GetString())
            .ShouldContain("BEPPPPAGE1");

        var declined = await host.Api.PostAsJsonAsync("/api/clearing/cdrs/cpo-p.BEPPPPAGE1/decline", new { reason = "not our customer" });
        declined.StatusCode.ShouldBe(HttpStatusCode.OK);
        var history = (await declined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("history");
        history.EnumerateArray().Last().GetProperty("actor").GetString().ShouldBe("operator");
        history.EnumerateArray().Last().GetProperty("reason").GetString().ShouldBe("not our customer");
        (await host.Api.PostAsync("/api/clearing/cdrs/cpo-p.BEPPPPAGE2/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await host.Find("cpo-p", CdrRoles.Operator, CdrStatuses.Approved)).Cdrs.Single().Cdr.CdrId.ShouldBe("BEPPPPAGE2");
    }
}
