using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Roaming.Settlement.Reimbursement;
using Roaming.Settlement.Reimbursement.Closing;
using Roaming.Settlement.Reimbursement.Sessions;
using Shouldly;
using Xunit;
using static Roaming.Settlement.Tests.Reimbursement.ReimbursementSamples;

namespace Roaming.Settlement.Tests.Reimbursement;

/// <summary>An employee's monthly statement: which sessions it takes, how they are priced, and its totals.</summary>
public class CloseReimbursementsTests
{
    private static readonly YearMonth November = new(2026, 11);
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 2, 0, 0);

    [Property(MaxTest = 200)]
    public Property totals_are_the_exact_sums_of_lines_rounded_once_each() =>
        Prop.ForAll(Gen.ListOf(Gen.Choose(0, 60_000)).ToArbitrary(), Gen.Elements(false, true).ToArbitrary(), (energies, withTariff) =>
        {
            var sessions = energies.Select((wh, i) => Reading($"r{i}", Local(2026, 11, 1 + i % 28, 20) + Duration.FromMinutes(i), Local(2026, 11, 1 + i % 28, 23) + Duration.FromMinutes(i),
                0m, wh)).ToList();
            var employee = Employee(withTariff ? Tariff(TimeOfUseTariffJson()) : null);
            var (statement, missing) = CloseReimbursements.Build(Employer(), employee, November, sessions, Now);
            return (missing is null && statement!.Lines.Count == sessions.Count
                    && statement.TotalAmount == statement.Lines.Sum(l => l.Amount)
                    && statement.TotalEnergyKwh == sessions.Sum(s => s.EnergyKwh)
                    && statement.Lines.All(l => l.Amount.Scale <= 2 && l.Status == ReimbursementLineStatuses.Open)
                    && statement.Lines.Select(l => l.LineNumber).SequenceEqual(Enumerable.Range(1, sessions.Count)))
                .Label($"{sessions.Count} sessions, tariff {withTariff}");
        });

    [Fact]
    public void lines_keep_their_rate_source_local_times_and_signed_meter_data()
    {
        var session = Reading("r1", Local(2026, 11, 30, 23, 30), Local(2026, 12, 1, 1, 0), 0m, 10_000m) with { SignedData = ["<OCMF|...>"] };
        var (statement, _) = CloseReimbursements.Build(Employer(), Employee(), November, [session], Now);
        var line = statement!.Lines.ShouldHaveSingleItem();
        line.Start.ShouldBe(new LocalDateTime(2026, 11, 30, 23, 30));
        line.End.ShouldBe(new LocalDateTime(2026, 12, 1, 1, 0));
        line.RateSource.ShouldBe("employer rate DE 2026: BDEW household price 2026");
        line.Amount.ShouldBe(3.26m); // 10 kWh x 0.3258
        line.SignedMeterData.ShouldBe("<OCMF|...>");
        statement.Id.ShouldBe("acme:erika:2026-11");
        statement.Currency.ShouldBe("EUR");
    }

    [Fact]
    public void a_missing_employer_rate_for_the_sessions_year_refuses_the_close()
    {
        var session = Reading("r1", Local(2027, 1, 5, 20), Local(2027, 1, 5, 22), 0m, 1_000m);
        var (statement, missing) = CloseReimbursements.Build(Employer(), Employee(), new YearMonth(2027, 1), [session], Now);
        statement.ShouldBeNull();
        missing.ShouldBe("employer acme has no reimbursement rate for DE 2027 (employee erika)");
    }

    [Theory]
    [InlineData(false, "EUR", 0)]
    [InlineData(true, "EUR", 1)]
    [InlineData(true, "CHF", 0)]
    public void roaming_cdrs_count_when_the_employer_includes_them_and_only_in_its_currency(bool include, string currency, int lines)
    {
        var cdr = new HomeSession("roaming-cdr:DE*ABC:C1", "acme", "erika", HomeSessionSources.RoamingCdr, "C1", "DE*ABC", Local(2026, 11, 4, 12),
            Local(2026, 11, 4, 13), 0m, 20_000m, [], [], currency, 11.905m, false);
        var (statement, _) = CloseReimbursements.Build(Employer(includeRoaming: include), Employee(), November, [cdr], Now);
        statement!.Lines.Count.ShouldBe(lines);
        if (lines == 1)
        {
            statement.Lines[0].Amount.ShouldBe(11.91m);
            statement.Lines[0].RateSource.ShouldBe("roaming CDR DE*ABC C1: total cost");
        }
    }

    [Fact]
    public void an_unfinished_transaction_is_left_out()
    {
        var open = Reading("r1", Local(2026, 11, 4, 20), Local(2026, 11, 4, 22), 0m, 1_000m) with { End = null, EndWh = null };
        CloseReimbursements.Build(Employer(), Employee(), November, [open], Now).Statement!.Lines.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("2026-11", true)]
    [InlineData("2026-1", false)]
    [InlineData("2026-13", false)]
    [InlineData("11-2026", false)]
    [InlineData("2026-11-01", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void a_period_is_a_month(string? text, bool valid) => ReimbursementPeriod.TryParse(text, out _).ShouldBe(valid);

    [Fact]
    public void a_month_is_cut_at_local_midnight_and_ends_in_the_employers_zone()
    {
        var (start, end) = ReimbursementPeriod.Bounds(November, BerlinZone);
        start.ShouldBe(Instant.FromUtc(2026, 10, 31, 23, 0));
        end.ShouldBe(Instant.FromUtc(2026, 11, 30, 23, 0));
        ReimbursementPeriod.HasEnded(November, BerlinZone, Instant.FromUtc(2026, 11, 30, 22, 59)).ShouldBeFalse();
        ReimbursementPeriod.HasEnded(November, BerlinZone, Instant.FromUtc(2026, 11, 30, 23, 0)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("2026-12-01T22:59:59Z", "2026-09,2026-10")]   // November ended at 23:00 UTC on the 30th; its day of grace is not over
    [InlineData("2026-12-01T23:00:00Z", "2026-09,2026-10,2026-11")]
    [InlineData("2026-09-20T00:00:00Z", "")]
    public void the_job_closes_every_month_since_the_employer_was_registered_once_its_grace_has_passed(string now, string months)
    {
        var employer = Employer() with { RegisteredAt = Instant.FromUtc(2026, 9, 15, 0, 0) };
        var instant = NodaTime.Text.InstantPattern.General.Parse(now).Value;
        string.Join(',', ReimbursementCloseJob.EndedMonths(employer, instant, Duration.FromDays(1)).Select(ReimbursementPeriod.Name)).ShouldBe(months);
    }
}
