using System.Net;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Contracts.Clearing.V1;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Settlement.Tests.Agreements;
using Roaming.Settlement.Tests.Integration;
using Shouldly;
using static Roaming.Settlement.Tests.Ledger.LedgerSamples;

namespace Roaming.Settlement.Tests.Ledger;

public class LedgerApiTests(SettlementHost host) : IClassFixture<SettlementHost>
{
    private static CdrClearingStatusChanged Change(string operatorId, string cdrId, string status, string? reason = null, string currency = "EUR") =>
        Status(status, reason, status is "new" or "revised" ? Cdr(cdrId, currency: currency) : null, cdrId) with { OperatorId = operatorId };

    [Fact]
    public async Task clearing_status_changes_move_a_cdr_through_the_ledger_and_its_history_names_each_step()
    {
        await host.Deliver(Change("DE*LG1", "DELG10001", "new"));
        await host.Deliver(Change("DE*LG1", "DELG10001", "accepted"));
        (await host.Eventually("/api/settlement/ledger/DE*LG1/DELG10001", c => c.State() == "pending")).GetProperty("amount_excl_vat").GetDecimal().ShouldBe(6.30m);
        await host.Deliver(Change("DE*LG1", "DELG10001", "declined", "no session known"));
        (await host.Eventually("/api/settlement/ledger/DE*LG1/DELG10001", c => c.State() == "held")).GetProperty("hold_reason").GetString()
            .ShouldBe("declined by the e-MSP: no session known");
        await host.Deliver(Change("DE*LG1", "DELG10001", "revised"));
        var approval = Guid.NewGuid();
        await host.Deliver(Change("DE*LG1", "DELG10001", "approved"), approval);
        await host.Deliver(Change("DE*LG1", "DELG10001", "approved"), approval); // the same message again
        await host.Deliver(Change("DE*LG1", "DELG10001", "approved")); // the same change in another message
        var cdr = await host.Eventually("/api/settlement/ledger/DE%2ALG1/DELG10001", c => c.State() == "billable");

        cdr.GetProperty("provider_id").GetString().ShouldBe(Provider);
        cdr.GetProperty("source").GetString().ShouldBe("clearing");
        cdr.GetProperty("country_of_supply").GetString().ShouldBe("DE");
        cdr.GetProperty("energy_kwh").GetDecimal().ShouldBe(20m);
        cdr.GetProperty("charging_time_seconds").GetInt64().ShouldBe(3600);
        var history = cdr.GetProperty("history").EnumerateArray().ToList();
        history.Select(h => $"{h.GetProperty("event").GetString()} {h.GetProperty("state").GetString()} {h.GetProperty("actor").GetString()}").ShouldBe([
            "entered pending ochp:msp", "held held ochp:msp", "facts_revised pending ochp:msp", "became_billable billable ochp:msp",
        ]);
        history[3].GetProperty("reason").GetString().ShouldBe("approved by ochp:msp");
    }

    [Fact]
    public async Task a_cdr_in_another_currency_than_its_agreement_is_held_not_converted()
    {
        (await host.Put($"/api/settlement/agreements/DE*LG2/{Provider}", AgreementsApiTests.Body())).EnsureSuccessStatusCode();
        await host.Deliver(Change("DE*LG2", "DELG20001", "new", currency: "USD"));
        await host.Deliver(Change("DE*LG2", "DELG20001", "approved"));
        var cdr = await host.Eventually("/api/settlement/ledger/DE*LG2/DELG20001", c => c.State() == "held");
        cdr.GetProperty("hold_reason").GetString().ShouldBe("currency USD differs from the agreement's EUR");
        cdr.GetProperty("currency").GetString().ShouldBe("USD");
        cdr.GetProperty("amount_excl_vat").GetDecimal().ShouldBe(6.30m);
    }

    private const string IssuedJson = """
        {"country_code":"DE","party_id":"LG3","id":"CDR-ID","start_date_time":"2026-11-10T09:00:00Z","end_date_time":"2026-11-10T10:30:00Z",
         "cdr_token":{"country_code":"NL","party_id":"MSP","uid":"T1","type":"RFID","contract_id":"x"},
         "cdr_location":{"id":"LOC1","country":"DEU","evse_uid":"E1","evse_id":"DE*LG3*E1"},
         "currency":"EUR","total_cost":{"excl_vat":AMOUNT},"total_energy":30.5,"total_time":1.5,CREDIT
         "signed_data":{"encoding_method":"OCMF"},"last_updated":"2026-11-10T10:31:00Z"}
        """;

    private static string Issued(string id, string amount, string credit = "") =>
        IssuedJson.Replace("CDR-ID", id).Replace("AMOUNT", amount).Replace("CREDIT", credit);

    [Fact]
    public async Task a_cdr_we_issued_is_billable_at_once_and_its_credit_cdr_is_an_entry_of_its_own()
    {
        var start = Instant.FromUtc(2026, 11, 10, 9, 0);
        await host.Deliver(new CdrIssued("LG3-1", "S1", "DE", "LG3", "EUR", 30.5m, 12.34m, 14.68m, start, start + Duration.FromMinutes(90), Issued("LG3-1", "12.34")));
        await host.Deliver(new CdrIssued("LG3-1-C", "S1", "DE", "LG3", "EUR", 30.5m, -12.34m, -14.68m, start, start + Duration.FromMinutes(90),
            Issued("LG3-1-C", "-12.34", "\"credit\":true,\"credit_reference_id\":\"LG3-1\",")));
        await host.Deliver(new CdrIssued("LG3-2", "S2", "DE", "LG3", "EUR", 1m, 1m, null, start, start, null)); // no OCPI CDR: no e-MSP to bill

        var cdr = await host.Eventually("/api/settlement/ledger/DE*LG3/LG3-1", c => c.State() == "billable");
        (cdr.GetProperty("provider_id").GetString(), cdr.GetProperty("source").GetString(), cdr.GetProperty("location_id").GetString())
            .ShouldBe(("NL*MSP", "charging", "LOC1"));
        cdr.GetProperty("signed_meter_data").GetString()!.ShouldContain("OCMF");
        var credit = await host.Eventually("/api/settlement/ledger/DE*LG3/LG3-1-C", c => c.State() == "billable");
        credit.GetProperty("amount_excl_vat").GetDecimal().ShouldBe(-12.34m);
        credit.GetProperty("credit").GetBoolean().ShouldBeTrue();
        credit.GetProperty("credit_reference_id").GetString().ShouldBe("LG3-1");

        var list = await host.Api.GetAsync("/api/settlement/ledger?operator_id=DE*LG3&state=billable");
        list.Headers.GetValues("X-Total-Count").Single().ShouldBe("2");
        (await host.Api.GetAsync("/api/settlement/ledger/DE*LG3/LG3-2")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static PartnerCdrReceived Received(string id) =>
        new("DE", "LG4", id, Issued(id, "10.00").Replace("\"party_id\":\"LG3\"", "\"party_id\":\"LG4\""), [], "Europe/Berlin");

    [Fact]
    public async Task a_partner_cdr_waits_for_reconciliation_and_the_agreements_tolerance_decides()
    {
        (await host.Put("/api/settlement/agreements/DE*LG4/NL*MSP", new Dictionary<string, object>(
            ((System.Text.Json.JsonElement)System.Text.Json.JsonSerializer.SerializeToElement(AgreementsApiTests.Body())).EnumerateObject()
            .Select(p => KeyValuePair.Create(p.Name, (object)p.Value))) { ["tolerance"] = 0.05m })).EnsureSuccessStatusCode();
        await host.Deliver(Received("LG4-1"));
        await host.Deliver(Received("LG4-2"));
        await host.Deliver(Received("LG4-3"));
        (await host.Eventually("/api/settlement/ledger/DE*LG4/LG4-3", c => c.State() == "pending")).GetProperty("source").GetString().ShouldBe("ocpi");

        var at = Instant.FromUtc(2026, 11, 10, 11, 0);
        await host.Deliver(new PartnerCdrReconciled("DE", "LG4", "LG4-1", PartnerCdrOutcomes.Discrepancy,
            [new PartnerCdrDifference("total_cost.excl_vat", 10.00m, 9.96m)], null, at));
        await host.Deliver(new PartnerCdrReconciled("DE", "LG4", "LG4-2", PartnerCdrOutcomes.Discrepancy,
            [new PartnerCdrDifference("total_cost.excl_vat", 10.00m, 9.90m)], null, at));
        await host.Deliver(new PartnerCdrReconciled("DE", "LG4", "LG4-3", PartnerCdrOutcomes.NotReconciled, [], "no tariff for the CDR", at));

        (await host.Eventually("/api/settlement/ledger/DE*LG4/LG4-1", c => c.State() == "billable")).GetProperty("history")[1].GetProperty("reason").GetString()
            .ShouldBe("reconciled within the tolerance 0.05");
        (await host.Eventually("/api/settlement/ledger/DE*LG4/LG4-2", c => c.State() == "held")).GetProperty("hold_reason").GetString()
            .ShouldBe("reconciliation differs beyond the tolerance 0.05: total_cost.excl_vat 10 stated, 9.9 recomputed");
        (await host.Eventually("/api/settlement/ledger/DE*LG4/LG4-3", c => c.State() == "held")).GetProperty("hold_reason").GetString()
            .ShouldBe("not reconciled: no tariff for the CDR");
    }

    [Fact]
    public async Task a_cdr_billed_by_a_period_close_still_follows_the_clearing_workflow()
    {
        // Last month in Berlin: ended, so it can be closed by hand.
        var today = SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/Berlin"]).Date;
        var month = today.With(DateAdjusters.StartOfMonth).PlusMonths(-1);
        var body = System.Text.Json.JsonSerializer.SerializeToElement(AgreementsApiTests.Body()).EnumerateObject()
            .ToDictionary(p => p.Name, p => (object)p.Value);
        body["valid_from"] = month.ToString("uuuu-MM-dd", null);
        (await host.Put($"/api/settlement/agreements/DE*LG7/{Provider}", body)).EnsureSuccessStatusCode();
        var start = new OffsetDateTime(month.PlusDays(9).At(new LocalTime(10, 0)), Offset.FromHours(1));
        var cdr = Cdr("DELG70001") with { Start = start, End = start.PlusMinutes(70), Periods = [.. Cdr().Periods.Select(p => p with { Start = start, End = start.PlusMinutes(60) })] };
        await host.Deliver(Status("new", cdr: cdr, cdrId: "DELG70001") with { OperatorId = "DE*LG7" });
        await host.Deliver(Status("approved", cdrId: "DELG70001") with { OperatorId = "DE*LG7" });
        await host.Eventually("/api/settlement/ledger/DE*LG7/DELG70001", c => c.State() == "billable");

        (await host.Post("/api/settlement/periods/close", new { operator_id = "DE*LG7", provider_id = Provider, period = month.ToString("uuuu-MM", null) }))
            .EnsureSuccessStatusCode();
        var billed = await host.Eventually("/api/settlement/ledger/DE*LG7/DELG70001", c => c.GetProperty("billed_excl_vat").GetDecimal() == 6.30m);
        billed.GetProperty("first_statement_id").GetString().ShouldNotBeNull();

        await host.Deliver(Status("rejected", cdrId: "DELG70001") with { OperatorId = "DE*LG7" });
        var withdrawn = await host.Eventually("/api/settlement/ledger/DE*LG7/DELG70001", c => c.State() == "withdrawn");
        withdrawn.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("event").GetString()).ShouldBe(["entered", "became_billable", "billed", "withdrawn"]);
        withdrawn.GetProperty("billed_excl_vat").GetDecimal().ShouldBe(6.30m);
    }

    [Fact]
    public async Task the_ledger_pages_filters_and_refuses_unknown_filters()
    {
        for (var i = 1; i <= 5; i++)
            await host.Deliver(Change("DE*LG5", $"DELG5000{i}", "new"));
        await host.Deliver(Change("DE*LG5", "DELG50001", "approved"));
        await host.Eventually("/api/settlement/ledger/DE*LG5/DELG50001", c => c.State() == "billable");
        await host.Eventually("/api/settlement/ledger/DE*LG5/DELG50005", c => c.State() == "pending");

        var page = await host.Api.GetAsync("/api/settlement/ledger?operator_id=DE*LG5&limit=2&offset=1");
        page.Headers.GetValues("X-Total-Count").Single().ShouldBe("5");
        (await page.Body()).GetArrayLength().ShouldBe(2);
        var pending = await host.Api.GetAsync($"/api/settlement/ledger?operator_id=DE*LG5&provider_id={Provider}&state=pending");
        pending.Headers.GetValues("X-Total-Count").Single().ShouldBe("4");
        (await (await host.Api.GetAsync("/api/settlement/ledger?cdr_id=DELG50003")).Body()).EnumerateArray().Single().GetProperty("operator_id").GetString()
            .ShouldBe("DE*LG5");
        (await host.Api.GetAsync("/api/settlement/ledger?state=paid")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await host.Api.GetAsync("/api/settlement/ledger?operator_id=nonsense")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var unknown = await host.Api.GetAsync("/api/settlement/ledger/DE*LG5/NOPE");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.Body()).GetProperty("detail").GetString().ShouldBe("no CDR NOPE of DE*LG5 in the ledger");
    }

    [Fact]
    public async Task cdrs_uploaded_to_the_clearing_house_and_approved_by_the_e_msp_become_billable()
    {
        (await host.Put("/api/clearing/participants/cpo-lg6", new { name = "CPO", operator_ids = new[] { "DE*LG6" } })).EnsureSuccessStatusCode();
        (await host.Put("/api/clearing/participants/msp-lg6", new { name = "MSP", provider_ids = new[] { "DE*MS6" } })).EnsureSuccessStatusCode();
        (await host.Put("/api/clearing/connections/DE*LG6/DE*MS6", new { })).EnsureSuccessStatusCode();
        var cdr = Cdr("DELG60001") with { EvseId = "DE*LG6*E0001", ContractId = "DE-MS6-C12345678" };
        var submitted = await host.Request<SubmitCdrs, CdrsSubmitted>(new SubmitCdrs("cpo-lg6", "ochp:cpo-lg6", [cdr], SystemClock.Instance.GetCurrentInstant()));
        submitted.Outcomes.Single().Outcome.ShouldBe(CdrSubmissionOutcomes.Accepted);
        await host.Eventually("/api/settlement/ledger/DE*LG6/DELG60001", c => c.State() == "pending");

        var confirmed = await host.Request<ConfirmCdrs, CdrsConfirmed>(new ConfirmCdrs("msp-lg6", "ochp:msp-lg6", [new CdrKey("DELG60001", "DE*LG6*E0001")], [],
            SystemClock.Instance.GetCurrentInstant()));
        confirmed.Outcomes.Single().Applied.ShouldBeTrue();
        var billable = await host.Eventually("/api/settlement/ledger/DE*LG6/DELG60001", c => c.State() == "billable");
        billable.GetProperty("provider_id").GetString().ShouldBe("DE*MS6");
        billable.GetProperty("history")[1].GetProperty("reason").GetString().ShouldBe("approved by ochp:msp-lg6");
    }
}
