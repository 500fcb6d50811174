using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Settlement.Ledger;
using Shouldly;
using static Roaming.Settlement.Tests.Ledger.LedgerSamples;

namespace Roaming.Settlement.Tests.Ledger;

public class LedgerDecisionsTests
{
    /// <summary>Clearing statuses in order (status or status:reason, _ for a space in the reason) → what the ledger records and the CDR's state after.</summary>
    public static TheoryData<string, string, string?> ClearingCases() => new()
    {
        { "new", "entered 6.30", LedgerStates.Pending },
        { "new accepted", "entered 6.30", LedgerStates.Pending },
        { "new accepted approved", "entered 6.30 | billable: approved by ochp:msp", LedgerStates.Billable },
        { "new accepted declined:meter_value_missing", "entered 6.30 | held: declined by the e-MSP: meter value missing", LedgerStates.Held },
        { "new accepted declined", "entered 6.30 | held: declined by the e-MSP", LedgerStates.Held },
        { "new accepted declined revised", "entered 6.30 | held: declined by the e-MSP | revised 6.30: revised by ochp:msp", LedgerStates.Pending },
        { "new accepted declined revised approved",
            "entered 6.30 | held: declined by the e-MSP | revised 6.30: revised by ochp:msp | billable: approved by ochp:msp", LedgerStates.Billable },
        { "new accepted rejected", "entered 6.30 | withdrawn: rejected by ochp:msp", LedgerStates.Withdrawn },
        { "new accepted approved rejected", "entered 6.30 | billable: approved by ochp:msp | withdrawn: rejected by ochp:msp", LedgerStates.Withdrawn },
        { "new rejected approved declined revised", "entered 6.30 | withdrawn: rejected by ochp:msp", LedgerStates.Withdrawn },
        { "implausible:cdr-id:_unknown", "", null },
        { "implausible new accepted", "entered 6.30", LedgerStates.Pending },
        { "new implausible:period-cost:_6.01", "entered 6.30 | held: implausible: period-cost: 6.01", LedgerStates.Held },
        { "new implausible:x new", "entered 6.30 | held: implausible: x | revised 6.30: uploaded again", LedgerStates.Pending },
        { "accepted approved declined", "", null },
        { "revised", "entered 6.30", LedgerStates.Pending },
        // Redelivered messages: the effect is already there.
        { "new new accepted accepted approved approved", "entered 6.30 | billable: approved by ochp:msp", LedgerStates.Billable },
        { "new declined:x declined:x", "entered 6.30 | held: declined by the e-MSP: x", LedgerStates.Held },
        { "new declined revised revised", "entered 6.30 | held: declined by the e-MSP | revised 6.30: revised by ochp:msp", LedgerStates.Pending },
        { "new rejected rejected", "entered 6.30 | withdrawn: rejected by ochp:msp", LedgerStates.Withdrawn },
    };

    [Theory]
    [MemberData(nameof(ClearingCases))]
    public void each_clearing_status_moves_the_ledger(string statuses, string expected, string? state)
    {
        var (events, final) = Follow(statuses.Split(' ').Select(s => s.Split(':', 2) is [var status, var reason] ? Status(status, reason.Replace('_', ' ')) : Status(s)));
        string.Join(" | ", events.Select(Describe)).ShouldBe(expected);
        final?.State.ShouldBe(state);
        if (state is null)
            final.ShouldBeNull();
    }

    [Fact]
    public void a_revision_with_new_facts_replaces_them_and_waits_for_approval_again()
    {
        var (events, final) = Follow([Status("new"), Status("approved"), Status("revised", cdr: Cdr(total: 7.10m, energy: 22m))]);
        events.OfType<CdrFactsRevised>().Single().Facts.AmountExclVat.ShouldBe(7.10m);
        final!.State.ShouldBe(LedgerStates.Pending);
        final.Facts.EnergyKwh.ShouldBe(22m);
    }

    [Fact]
    public void an_approval_in_another_currency_than_the_agreements_holds_the_cdr_and_never_converts()
    {
        var around = new LedgerDecisions.Circumstances("EUR", 0.01m, false);
        var (events, final) = Follow([Status("new", cdr: Cdr(currency: "USD")), Status("approved"), Status("approved")], around);
        string.Join(" | ", events.Select(Describe)).ShouldBe("entered 6.30 | held: currency USD differs from the agreement's EUR");
        final!.Facts.Currency.ShouldBe("USD");
        final.Facts.AmountExclVat.ShouldBe(6.30m);
    }

    [Fact]
    public void an_approval_does_not_release_a_cdr_under_an_open_dispute()
    {
        var (_, entered) = Follow([Status("new")]);
        LedgerDecisions.OnClearingStatus(entered, Status("approved"), new LedgerDecisions.Circumstances(null, 0.01m, true)).ShouldBeEmpty();
    }

    [Fact]
    public void a_change_without_a_provider_or_an_operator_stays_out_of_the_ledger()
    {
        LedgerDecisions.OnClearingStatus(null, Status("new") with { ProviderId = null }, LedgerDecisions.Circumstances.None).ShouldBeEmpty();
        LedgerDecisions.OnClearingStatus(null, Status("new") with { OperatorId = "" }, LedgerDecisions.Circumstances.None).ShouldBeEmpty();
    }

    [Fact]
    public void an_issued_cdr_enters_billable_at_once_and_only_once()
    {
        var facts = CdrFacts.FromClearing(Cdr(), At);
        var first = LedgerDecisions.OnIssued(null, Operator, Provider, "C1", facts, LedgerDecisions.Circumstances.None, At);
        string.Join(" | ", first.Select(Describe)).ShouldBe("entered 6.30 | billable: issued");
        var state = LedgerCdrProjection.Fold(null, first);
        state!.Source.ShouldBe(LedgerDecisions.SourceCharging);
        LedgerDecisions.OnIssued(state, Operator, Provider, "C1", facts, LedgerDecisions.Circumstances.None, At).ShouldBeEmpty();
    }

    [Fact]
    public void a_partner_cdr_enters_pending_and_only_once()
    {
        var facts = CdrFacts.FromClearing(Cdr(), At);
        var first = LedgerDecisions.OnPartnerCdrReceived(null, Operator, Provider, "C1", facts, At);
        var state = LedgerCdrProjection.Fold(null, first)!;
        state.State.ShouldBe(LedgerStates.Pending);
        state.Source.ShouldBe(LedgerDecisions.SourceOcpi);
        LedgerDecisions.OnPartnerCdrReceived(state, Operator, Provider, "C1", facts, At).ShouldBeEmpty();
    }

    /// <summary>Reconciliation outcome, differences (total:theirs:ours), tolerance → what the ledger records.</summary>
    public static TheoryData<string, string, decimal, string> ReconciliationCases() => new()
    {
        { PartnerCdrOutcomes.Verified, "", 0.01m, "billable: reconciled" },
        { PartnerCdrOutcomes.Discrepancy, "total_cost.excl_vat:10.01:10.00", 0.01m, "billable: reconciled within the tolerance 0.01" },
        { PartnerCdrOutcomes.Discrepancy, "total_cost.excl_vat:10.02:10.00", 0.01m,
            "held: reconciliation differs beyond the tolerance 0.01: total_cost.excl_vat 10.02 stated, 10 recomputed" },
        { PartnerCdrOutcomes.Discrepancy, "total_cost.excl_vat:10.50:10.00 total_energy:20:20.2", 0.5m, "billable: reconciled within the tolerance 0.5" },
        { PartnerCdrOutcomes.Discrepancy, "total_cost.excl_vat:9.40:10.00 total_energy:20:20.2", 0.5m,
            "held: reconciliation differs beyond the tolerance 0.5: total_cost.excl_vat 9.4 stated, 10 recomputed; total_energy 20 stated, 20.2 recomputed" },
        { PartnerCdrOutcomes.Discrepancy, "total_time::1", 5m, "held: reconciliation differs beyond the tolerance 5: total_time nothing stated, 1 recomputed" },
        { PartnerCdrOutcomes.NotReconciled, "", 0.01m, "held: not reconciled: no tariff for the CDR" },
    };

    [Theory]
    [MemberData(nameof(ReconciliationCases))]
    public void a_reconciliation_releases_within_the_tolerance_and_holds_beyond_it(string outcome, string differences, decimal tolerance, string expected)
    {
        var pending = LedgerCdrProjection.Fold(null,
            LedgerDecisions.OnPartnerCdrReceived(null, Operator, Provider, "C1", CdrFacts.FromClearing(Cdr(), At), At))!;
        var reconciled = new PartnerCdrReconciled("DE", "CPO", "C1", outcome,
            differences.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(d => d.Split(':'))
                .Select(d => new PartnerCdrDifference(d[0], Parse(d[1]), Parse(d[2]))).ToList(),
            outcome == PartnerCdrOutcomes.NotReconciled ? "no tariff for the CDR" : null, At);
        var decided = LedgerDecisions.OnReconciled(pending, reconciled, new LedgerDecisions.Circumstances(null, tolerance, false));
        string.Join(" | ", decided.Select(Describe)).ShouldBe(expected);
        LedgerDecisions.OnReconciled(LedgerCdrProjection.Fold(pending, decided)!, reconciled, new LedgerDecisions.Circumstances(null, tolerance, false))
            .ShouldBeEmpty();
    }

    private static decimal? Parse(string text) => text.Length == 0 ? null : decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void billed_amounts_add_up_and_the_first_statement_is_kept()
    {
        var (_, state) = Follow([Status("new"), Status("approved")]);
        state = LedgerCdrProjection.Fold(state, [
            new CdrBilled(state!.Id, "S1", "CPO-1", "2026-11", "charge", 6.30m, At),
            new CdrBilled(state.Id, "S2", "CPO-2", "2026-12", "correction", -6.30m, At + Duration.FromDays(30)),
        ])!;
        state.BilledExclVat.ShouldBe(0m);
        state.EverBilled.ShouldBeTrue();
        state.FirstStatementId.ShouldBe("S1");
        state.FirstInvoiceNumber.ShouldBe("CPO-1");
    }
}
