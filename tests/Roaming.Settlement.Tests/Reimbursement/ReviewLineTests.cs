using NodaTime;
using Roaming.Settlement.Reimbursement;
using Roaming.Settlement.Reimbursement.Reviewing;
using Shouldly;
using Xunit;

namespace Roaming.Settlement.Tests.Reimbursement;

/// <summary>The employee's review of a line and the employer's resolution of a dispute, and what payroll pays after each.</summary>
public class ReviewLineTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 3, 9, 0);

    private static ReimbursementLine Line(string status) =>
        new(1, "mid_meter", "r1", "MID-1", new LocalDateTime(2026, 11, 3, 20, 0), new LocalDateTime(2026, 11, 3, 22, 0), 10m, "employer rate DE 2026: s", 0.3m, 3m,
            null, status);

    [Theory]
    [InlineData("confirm", ReimbursementLineStatuses.Open, "append")]
    [InlineData("confirm", ReimbursementLineStatuses.Confirmed, "unchanged")]
    [InlineData("confirm", ReimbursementLineStatuses.Disputed, "refused")]
    [InlineData("confirm", ReimbursementLineStatuses.Rejected, "refused")]
    [InlineData("dispute", ReimbursementLineStatuses.Open, "append")]
    [InlineData("dispute", ReimbursementLineStatuses.Confirmed, "refused")]
    [InlineData("dispute", ReimbursementLineStatuses.Disputed, "refused")]
    [InlineData("resolve", ReimbursementLineStatuses.Disputed, "append")]
    [InlineData("resolve", ReimbursementLineStatuses.Open, "refused")]
    [InlineData("resolve", ReimbursementLineStatuses.Accepted, "refused")]
    public void each_step_is_allowed_from_its_states_only(string action, string status, string expected)
    {
        var decision = action switch
        {
            "confirm" => ReviewLine.Confirm(Line(status), "s", "operator", Now),
            "dispute" => ReviewLine.Dispute(Line(status), "s", "wrong meter", "operator", Now),
            _ => ReviewLine.Resolve(Line(status), "s", DisputeOutcomes.Rejected, "operator", Now),
        };
        (decision switch { ReviewLine.Append => "append", ReviewLine.Unchanged => "unchanged", _ => "refused" }).ShouldBe(expected);
    }

    [Theory]
    [InlineData(ReimbursementLineStatuses.Open, true)]
    [InlineData(ReimbursementLineStatuses.Confirmed, true)]
    [InlineData(ReimbursementLineStatuses.Disputed, false)]
    [InlineData(ReimbursementLineStatuses.Accepted, true)]
    [InlineData(ReimbursementLineStatuses.Rejected, false)]
    public void payroll_pays_all_but_disputed_and_rejected_lines(string status, bool payable) => ReimbursementLineStatuses.IsPayable(status).ShouldBe(payable);

    [Fact]
    public void a_dispute_and_its_resolution_move_the_payable_total()
    {
        var statement = new ReimbursementStatement("acme:erika:2026-11", "acme", "ACME", "erika", "4711", "Erika", "2026-11", "Europe/Berlin", "EUR",
            [Line("open"), Line("open") with { LineNumber = 2, Amount = 1.25m, EnergyKwh = 4m }], 14m, 4.25m, Now);
        var disputed = ReimbursementStatementProjection.Apply(new ReimbursementLineDisputed(statement.Id, 2, "not my car", "operator", Now), statement);
        disputed.PayableAmount().ShouldBe(3m);
        disputed.Lines[1].DisputeReason.ShouldBe("not my car");
        ReimbursementStatementProjection.Apply(new ReimbursementDisputeResolved(statement.Id, 2, DisputeOutcomes.Accepted, "operator", Now), disputed)
            .PayableAmount().ShouldBe(4.25m);
        var rejected = ReimbursementStatementProjection.Apply(new ReimbursementDisputeResolved(statement.Id, 2, DisputeOutcomes.Rejected, "operator", Now), disputed);
        rejected.PayableAmount().ShouldBe(3m);
        rejected.PayableEnergyKwh().ShouldBe(10m);
        rejected.TotalAmount.ShouldBe(4.25m);
    }
}
