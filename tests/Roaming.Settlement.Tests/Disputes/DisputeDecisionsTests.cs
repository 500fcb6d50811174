using NodaTime;
using Roaming.Settlement.Disputes;
using Roaming.Settlement.Disputes.Opening;
using Roaming.Settlement.Disputes.Resolving;
using Roaming.Settlement.Ledger;
using Roaming.Settlement.Tests.Ledger;
using Shouldly;
using static Roaming.Settlement.Tests.Ledger.LedgerSamples;

namespace Roaming.Settlement.Tests.Disputes;

public class DisputeDecisionsTests
{
    private static readonly Instant Now = At + Duration.FromDays(3);

    private static LedgerCdr Billable(string? signed = "OCMF|{...}")
    {
        var (_, state) = Follow([Status("new", cdr: Cdr()), Status("approved")]);
        state!.Facts = state.Facts with { SignedMeterData = signed };
        return state;
    }

    [Fact]
    public void opening_holds_the_cdr_with_the_reason_and_keeps_its_signed_meter_data_as_evidence()
    {
        var (opened, ledger, refusal) = OpenDispute.Decide(Billable(), false, "dispute:1", null, null, "energy too high", null, "operator", Now);
        refusal.ShouldBeNull();
        opened!.Evidence.ShouldBe("OCMF|{...}");
        opened.ProviderId.ShouldBe(Provider);
        ledger.Select(Describe).ShouldBe(["held: disputed: energy too high"]);
        OpenDispute.Decide(Billable(), false, "dispute:1", null, null, "x", "photo of the display", "operator", Now).Opened!.Evidence.ShouldBe("photo of the display");
    }

    [Fact]
    public void a_cdr_under_an_open_dispute_or_withdrawn_cannot_be_disputed()
    {
        OpenDispute.Decide(Billable(), true, "dispute:2", null, null, "again", null, "operator", Now).Refusal
            .ShouldBe("CDR DECPO0001 of DE*CPO is already under an open dispute");
        var (_, withdrawn) = Follow([Status("new"), Status("rejected")]);
        OpenDispute.Decide(withdrawn!, false, "dispute:2", null, null, "x", null, "operator", Now).Refusal
            .ShouldBe("CDR DECPO0001 of DE*CPO is withdrawn: there is no claim left to dispute");
    }

    public static TheoryData<string?, string?, string?, int?, string?, string> InvalidBodies() => new()
    {
        { "DE*CPO", "C1", null, null, null, "reason" },
        { "DE*CPO", "C1", null, null, " ", "reason" },
        { null, "C1", null, null, "x", "operator_id" },
        { "DE-CPO-1", "C1", null, null, "x", "operator_id" },
        { "DE*CPO", null, null, null, "x", "cdr_id" },
        { null, null, "S1", null, "x", "line_number" },
        { null, null, "S1", 0, "x", "line_number" },
        { null, null, null, 3, "x", "statement_id" },
        { "DE*CPO", "C1", "S1", 1, "x", "statement_id" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public void names_what_is_missing_or_wrong(string? operatorId, string? cdrId, string? statementId, int? line, string? reason, string field) =>
        OpenDispute.Validate(new OpenDisputeBody(operatorId, cdrId, statementId, line, reason, null)).ToDictionary().ShouldContainKey(field);

    [Theory]
    [InlineData(DisputeStatuses.Accepted, null, "billable: dispute accepted", LedgerStates.Billable)]
    [InlineData(DisputeStatuses.Rejected, "meter data shows 12 kWh", "withdrawn: dispute rejected: meter data shows 12 kWh", LedgerStates.Withdrawn)]
    [InlineData(DisputeStatuses.Rejected, null, "withdrawn: dispute rejected", LedgerStates.Withdrawn)]
    public void resolving_releases_or_withdraws_the_cdr(string outcome, string? note, string expected, string state)
    {
        var cdr = Billable();
        var (opened, held, _) = OpenDispute.Decide(cdr, false, "dispute:1", null, null, "too high", null, "operator", Now);
        cdr = LedgerCdrProjection.Fold(cdr, held)!;
        var dispute = DisputeProjection.Next(null, opened!)!;
        var (resolved, ledger, refusal) = ResolveDispute.Decide(dispute, cdr, outcome, note, new LedgerDecisions.Circumstances("EUR", 0.01m, true), "bob", Now);
        refusal.ShouldBeNull();
        ledger.Select(Describe).ShouldBe([expected]);
        LedgerCdrProjection.Fold(cdr, ledger)!.State.ShouldBe(state);
        dispute = DisputeProjection.Next(dispute, resolved!)!;
        (dispute.Status, dispute.ResolvedBy).ShouldBe((outcome, "bob"));
        dispute.Outcome.ShouldBe(note ?? outcome);
        ResolveDispute.Decide(dispute, cdr, outcome, note, LedgerDecisions.Circumstances.None, "bob", Now).Refusal.ShouldBe($"dispute dispute:1 is already {outcome}");
    }

    [Fact]
    public void a_statement_printing_the_dispute_is_remembered()
    {
        var (opened, _, _) = OpenDispute.Decide(Billable(), false, "dispute:1", "S1", 3, "too high", null, "operator", Now);
        var dispute = DisputeProjection.Next(DisputeProjection.Next(null, opened!), new DisputeReportedOnStatement("dispute:1", "S2", "open", Now))!;
        (dispute.StatementId, dispute.LineNumber, dispute.ReportedOnStatementId, dispute.ReportedStatus).ShouldBe(("S1", 3, "S2", "open"));
    }
}
