using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Roaming.Settlement.Agreements;
using Roaming.Settlement.Disputes;
using Roaming.Settlement.Ledger;
using Roaming.Settlement.Statements;
using Roaming.Settlement.Statements.Closing;
using Roaming.Settlement.Tests.Integration;
using Shouldly;
using static Roaming.Settlement.Tests.Statements.StatementFixtures;

namespace Roaming.Settlement.Tests.Statements;

/// <summary>Period closes, statements and their JSON through the operator API, against real PostgreSQL.</summary>
public sealed class ClosingPeriodsTests(SettlementHost host) : IClassFixture<SettlementHost>
{
    internal static async Task Seed(SettlementHost host, Agreement agreement, params LedgerCdr[] cdrs)
    {
        await using var session = host.Store.LightweightSession();
        session.Store(agreement);
        foreach (var cdr in cdrs)
            session.Store(cdr);
        await session.SaveChangesAsync();
    }

    internal static Task<HttpResponseMessage> Close(SettlementHost host, string operatorId, string providerId, string period) =>
        host.Api.PostAsJsonAsync("/api/settlement/periods/close", new { operator_id = operatorId, provider_id = providerId, period });

    private async Task<LedgerCdr> Ledger(string operatorId, string cdrId)
    {
        await using var session = host.Store.QuerySession();
        return (await session.LoadAsync<LedgerCdr>(LedgerKeys.For(operatorId, cdrId)))!;
    }

    [Fact]
    public async Task Closing_a_month_bills_each_billable_cdr_of_the_month_once_and_records_it_on_the_ledger()
    {
        await Seed(host, Agreement(operatorId: "DE*CL1"),
            Cdr("A", 10.00m, Utc(2026, 10, 3), operatorId: "DE*CL1"),
            Cdr("B", 12.34m, Utc(2026, 10, 20), operatorId: "DE*CL1", country: "NL"),
            Cdr("C", -4.20m, Utc(2026, 10, 21), operatorId: "DE*CL1", credit: true),
            Cdr("D", 99m, Utc(2026, 11, 2), operatorId: "DE*CL1"), // next month
            Cdr("E", 5m, Utc(2026, 10, 4), LedgerStates.Pending, operatorId: "DE*CL1"),
            Cdr("F", 5m, Utc(2026, 10, 5), operatorId: "DE*CL1", currency: "CHF"),
            Cdr("G", 5m, Utc(2026, 10, 6), operatorId: "DE*CL1", country: "FR"));

        var response = await Close(host, "DE*CL1", "DE*MSP", "2026-10");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe("/api/settlement/statements/DE%2ACL1%3ADE%2AMSP%3A2026-10");
        var statement = await response.Content.ReadFromJsonAsync<JsonElement>();
        statement.GetProperty("id").GetString().ShouldBe("DE*CL1:DE*MSP:2026-10");
        statement.GetProperty("number").GetInt64().ShouldBe(1);
        statement.GetProperty("invoice_number").GetString().ShouldStartWith("DECL1-");
        statement.GetProperty("invoice_number").GetString().ShouldEndWith("-000001");
        statement.GetProperty("period_start").GetString().ShouldBe("2026-10-01");
        statement.GetProperty("period_end").GetString().ShouldBe("2026-11-01");
        var lines = statement.GetProperty("lines").EnumerateArray().ToList();
        lines.Select(l => l.GetProperty("cdr_id").GetString()).ShouldBe(["A", "B", "C"]);
        lines.Select(l => l.GetProperty("kind").GetString()).ShouldBe(["charge", "charge", "credit"]);
        lines.Select(l => l.GetProperty("vat_amount").GetDecimal()).ShouldBe([1.90m, 2.59m, -0.80m]);
        lines[0].GetProperty("session_start").GetString().ShouldBe("2026-10-03T14:00:00");
        lines[0].GetProperty("charging_time").GetDecimal().ShouldBe(0.6667m);
        var totals = statement.GetProperty("totals");
        (totals.GetProperty("excl_vat").GetDecimal(), totals.GetProperty("vat").GetDecimal(), totals.GetProperty("incl_vat").GetDecimal())
            .ShouldBe((18.14m, 3.69m, 21.83m));
        statement.GetProperty("vat_breakdown").GetArrayLength().ShouldBe(2);
        statement.GetProperty("payment").GetProperty("status").GetString().ShouldBe("posted");

        var a = await Ledger("DE*CL1", "A");
        (a.EverBilled, a.BilledExclVat, a.FirstStatementId).ShouldBe((true, 10.00m, "DE*CL1:DE*MSP:2026-10"));
        (await Ledger("DE*CL1", "D")).EverBilled.ShouldBeFalse();
        var billed = (await host.Stream(LedgerKeys.For("DE*CL1", "B"))).Select(e => e.Data).OfType<CdrBilled>().ShouldHaveSingleItem();
        (billed.StatementId, billed.LineKind, billed.AmountExclVat).ShouldBe(("DE*CL1:DE*MSP:2026-10", "charge", 12.34m));
        (await host.Stream(LedgerKeys.For("DE*CL1", "F"))).Select(e => e.Data).OfType<CdrHeld>().ShouldHaveSingleItem()
            .Reason.ShouldBe("currency CHF differs from the agreement's EUR");
        (await host.Stream(LedgerKeys.For("DE*CL1", "G"))).Select(e => e.Data).OfType<CdrHeld>().ShouldHaveSingleItem()
            .Reason.ShouldBe("no VAT rate for FR on 2026-10-06");
        var closed = (await host.Stream("statement:DE*CL1:DE*MSP:2026-10")).ShouldHaveSingleItem();
        closed.Data.ShouldBeOfType<StatementClosed>().Statement.Lines.Count.ShouldBe(3);
        closed.Headers!["actor"].ToString().ShouldBe("operator");
    }

    [Fact]
    public async Task A_later_revision_or_withdrawal_becomes_a_correction_in_the_next_period_referencing_the_first_statement()
    {
        await Seed(host, Agreement(operatorId: "DE*CL2"), Cdr("A", 10m, Utc(2026, 9, 3), operatorId: "DE*CL2"),
            Cdr("B", 20m, Utc(2026, 9, 4), operatorId: "DE*CL2"));
        (await Close(host, "DE*CL2", "DE*MSP", "2026-09")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var first = await (await host.Api.GetAsync("/api/settlement/statements/DE*CL2:DE*MSP:2026-09")).Content.ReadFromJsonAsync<JsonElement>();

        var revised = await Ledger("DE*CL2", "A");
        revised.Facts = revised.Facts with { AmountExclVat = 12.50m };
        var withdrawn = await Ledger("DE*CL2", "B");
        withdrawn.State = LedgerStates.Withdrawn;
        await Seed(host, Agreement(operatorId: "DE*CL2"), revised, withdrawn, Cdr("C", 1m, Utc(2026, 10, 9), operatorId: "DE*CL2"));

        var second = await (await Close(host, "DE*CL2", "DE*MSP", "2026-10")).Content.ReadFromJsonAsync<JsonElement>();

        second.GetProperty("number").GetInt64().ShouldBe(2);
        var lines = second.GetProperty("lines").EnumerateArray().ToList();
        lines.Select(l => (l.GetProperty("cdr_id").GetString(), l.GetProperty("kind").GetString(), l.GetProperty("amount_excl_vat").GetDecimal()))
            .ShouldBe([("A", "correction", 2.50m), ("B", "correction", -20m), ("C", "charge", 1m)]);
        lines[0].GetProperty("corrects_statement_id").GetString().ShouldBe("DE*CL2:DE*MSP:2026-09");
        lines[0].GetProperty("corrects_invoice_number").GetString().ShouldBe(first.GetProperty("invoice_number").GetString());
        lines[1].GetProperty("note").GetString().ShouldBe("withdrawn");
        (await Ledger("DE*CL2", "A")).BilledExclVat.ShouldBe(12.50m);
        (await host.Stream(LedgerKeys.For("DE*CL2", "A"))).Count.ShouldBe(2); // billed, then corrected: the stream moved with the billing
        (await Ledger("DE*CL2", "B")).BilledExclVat.ShouldBe(0m);
        (await host.Stream(LedgerKeys.For("DE*CL2", "A"))).Select(e => e.Data).OfType<CdrBilled>().Select(b => b.AmountExclVat).ShouldBe([10m, 2.50m]);

        // The set-based billing keeps each ledger stream's versions in step with Marten's own appends.
        await using (var session = host.Store.LightweightSession())
        {
            session.Events.Append(LedgerKeys.For("DE*CL2", "A"), new CdrHeld(LedgerKeys.For("DE*CL2", "A"), "disputed", Utc(2026, 12, 1)));
            await session.SaveChangesAsync();
        }
        (await host.Stream(LedgerKeys.For("DE*CL2", "A"))).Select(e => e.Version).ShouldBe([1L, 2L, 3L]);
    }

    [Fact]
    public async Task An_empty_period_still_gets_a_statement_and_numbers_stay_gap_free_per_issuer_across_agreements()
    {
        await Seed(host, Agreement(operatorId: "DE*CL3", providerId: "DE*MA"));
        await Seed(host, Agreement(operatorId: "DE*CL3", providerId: "DE*MB"), Cdr("X", 3m, Utc(2026, 8, 1), operatorId: "DE*CL3", providerId: "DE*MB"));
        // Both agreements close at the same time (one issuer, one sequence), each its periods in order.
        async Task<HttpStatusCode[]> CloseInOrder(string provider) =>
            [(await Close(host, "DE*CL3", provider, "2026-08")).StatusCode, (await Close(host, "DE*CL3", provider, "2026-09")).StatusCode];
        var closes = await Task.WhenAll(CloseInOrder("DE*MA"), CloseInOrder("DE*MB"));
        closes.SelectMany(c => c).ShouldAllBe(status => status == HttpStatusCode.Created);

        var list = await host.Api.GetAsync("/api/settlement/statements?operator_id=DE*CL3&limit=10");
        list.Headers.GetValues("X-Total-Count").ShouldBe(["4"]);
        var summaries = (await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        summaries.Select(s => s.GetProperty("number").GetInt64()).Order().ShouldBe([1, 2, 3, 4]);
        summaries.Any(s => s.TryGetProperty("lines", out var _)).ShouldBeFalse();
        var empty = summaries.Single(s => s.GetProperty("id").GetString() == "DE*CL3:DE*MA:2026-08");
        empty.GetProperty("totals").GetProperty("incl_vat").GetDecimal().ShouldBe(0m);
        empty.GetProperty("line_count").GetInt32().ShouldBe(0);
        summaries.Single(s => s.GetProperty("id").GetString() == "DE*CL3:DE*MB:2026-08").GetProperty("line_count").GetInt32().ShouldBe(1);

        var filtered = (await host.Json("/api/settlement/statements?operator_id=DE*CL3&provider_id=DE*MB&period=2026-09")).EnumerateArray().ToList();
        filtered.ShouldHaveSingleItem().GetProperty("id").GetString().ShouldBe("DE*CL3:DE*MB:2026-09");
    }

    [Fact]
    public async Task The_next_statement_notes_disputes_opened_or_resolved_since_and_marks_them_reported()
    {
        await Seed(host, Agreement(operatorId: "DE*CL4"), Cdr("A", 10m, Utc(2026, 10, 3), LedgerStates.Held, operatorId: "DE*CL4"));
        await using (var session = host.Store.LightweightSession())
        {
            session.Store(new Dispute { Id = "dispute-cl4-1", OperatorId = "DE*CL4", ProviderId = "DE*MSP", CdrId = "A", Reason = "energy too high", OpenedBy = "operator" });
            session.Store(new Dispute { Id = "dispute-cl4-2", OperatorId = "DE*CL4", ProviderId = "DE*MSP", CdrId = "B", Reason = "old", Status = "accepted",
                ReportedStatus = "accepted", OpenedBy = "operator" });
            await session.SaveChangesAsync();
        }

        var statement = await (await Close(host, "DE*CL4", "DE*MSP", "2026-10")).Content.ReadFromJsonAsync<JsonElement>();

        var note = statement.GetProperty("disputes").EnumerateArray().ShouldHaveSingleItem();
        (note.GetProperty("dispute_id").GetString(), note.GetProperty("cdr_id").GetString(), note.GetProperty("status").GetString()).ShouldBe(("dispute-cl4-1", "A", "open"));
        statement.GetProperty("lines").GetArrayLength().ShouldBe(0);
        var reported = (await host.Stream("dispute-cl4-1")).Select(e => e.Data).OfType<DisputeReportedOnStatement>().ShouldHaveSingleItem();
        (reported.StatementId, reported.Status).ShouldBe(("DE*CL4:DE*MSP:2026-10", "open"));
    }

    [Fact]
    public async Task The_scheduled_close_closes_every_due_period_in_order_and_nothing_twice()
    {
        var now = SystemClock.Instance.GetCurrentInstant().InZone(Berlin).Date;
        var from = BillingPeriod.Containing("monthly", now.PlusMonths(-3));
        await Seed(host, Agreement(operatorId: "DE*CL5", settlesFrom: from.Start), Cdr("A", 10m, from.StartsAt(Berlin) + Duration.FromDays(2), operatorId: "DE*CL5"));
        var due = new List<string>();
        for (var period = from; Berlin.AtStartOfDay(period.End.PlusDays(5)).ToInstant() <= SystemClock.Instance.GetCurrentInstant(); period = period.Next("monthly"))
            due.Add(period.Name);
        var job = ActivatorUtilities.CreateInstance<ScheduledClose>(host.Services);

        (await job.CloseDuePeriods(CancellationToken.None)).ShouldBeGreaterThanOrEqualTo(due.Count);
        (await job.CloseDuePeriods(CancellationToken.None)).ShouldBe(0);

        var statements = (await host.Json("/api/settlement/statements?operator_id=DE*CL5")).EnumerateArray()
            .Select(s => (s.GetProperty("period").GetString(), s.GetProperty("number").GetInt64())).OrderBy(s => s.Item2).ToList();
        statements.Select(s => s.Item1).ShouldBe(due);
        statements.Select(s => s.Item2).ShouldBe(Enumerable.Range(1, due.Count).Select(i => (long)i));
        var first = await host.Json($"/api/settlement/statements/DE*CL5:DE*MSP:{from.Name}");
        first.GetProperty("lines").GetArrayLength().ShouldBe(1);
        first.GetProperty("issued_by").GetString().ShouldBe(ScheduledClose.Actor);
    }

    [Fact]
    public async Task Bad_closes_are_refused_with_problem_details_and_change_nothing()
    {
        await Seed(host, Agreement(operatorId: "DE*CL6"), Cdr("A", 10m, Utc(2026, 10, 3), operatorId: "DE*CL6"));

        var unknown = await Close(host, "DE*NONE", "DE*MSP", "2026-10");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("no agreement between DE*NONE and DE*MSP");

        var malformed = await Close(host, "DE*CL6", "DE*MSP", "2026-13");
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("period", out _).ShouldBeTrue();

        var missing = await host.Api.PostAsJsonAsync("/api/settlement/periods/close", new { provider_id = "DE*MSP", period = "2026-10" });
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("operator_id", out _).ShouldBeTrue();

        var notEnded = await Close(host, "DE*CL6", "DE*MSP", "2099-01");
        notEnded.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await notEnded.Content.ReadAsStringAsync()).ShouldContain("period 2099-01 ends on 2099-02-01");

        (await Close(host, "DE*CL6", "DE*MSP", "2026-10")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var again = await Close(host, "DE*CL6", "DE*MSP", "2026-10");
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("already closed");
        (await host.Stream(LedgerKeys.For("DE*CL6", "A"))).Select(e => e.Data).OfType<CdrBilled>().Count().ShouldBe(1);
        (await host.Json("/api/settlement/statements?operator_id=DE*CL6")).GetArrayLength().ShouldBe(1);

        (await host.Api.GetAsync("/api/settlement/statements/DE*CL6:DE*MSP:2026-09")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_json_export_is_an_attachment_named_by_the_invoice_number_and_an_unknown_format_lists_the_known_ones()
    {
        await Seed(host, Agreement(operatorId: "DE*CL7"), Cdr("A", 10m, Utc(2026, 10, 3), operatorId: "DE*CL7"));
        var statement = await (await Close(host, "DE*CL7", "DE*MSP", "2026-10")).Content.ReadFromJsonAsync<JsonElement>();
        var invoice = statement.GetProperty("invoice_number").GetString();

        var export = await host.Api.GetAsync("/api/settlement/statements/DE*CL7:DE*MSP:2026-10/export?format=json");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        export.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        export.Content.Headers.ContentDisposition.FileNameStar.ShouldBe($"{invoice}.json");
        var json = await export.Content.ReadFromJsonAsync<JsonElement>();
        json.GetProperty("lines").EnumerateArray().ShouldHaveSingleItem().GetProperty("amount_incl_vat").GetDecimal().ShouldBe(11.90m);

        var unknown = await host.Api.GetAsync("/api/settlement/statements/DE*CL7:DE*MSP:2026-10/export?format=docx");
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("is one of json");
        (await host.Api.GetAsync("/api/settlement/statements/DE*NONE:X:2026-10/export?format=json")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
