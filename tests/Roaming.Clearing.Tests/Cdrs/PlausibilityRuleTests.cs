using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Roaming.Clearing.Cdrs;
using Roaming.Clearing.Cdrs.Plausibility;
using Roaming.Clearing.Connections;
using Roaming.Contracts.Clearing.V1;
using Shouldly;

namespace Roaming.Clearing.Tests.Cdrs;

/// <summary>A plausible CDR of operator DE*ABC for provider DE*8PS (connected), and the inputs the rules see.</summary>
public static class Plausible
{
    public static readonly OffsetDateTime Start = new(new LocalDateTime(2026, 12, 1, 10, 0), Offset.FromHours(1));

    public static CdrForClearing Cdr(string cdrId = "DEABC0001", string status = CdrStatuses.New) => new(cdrId, "DE*ABC*E0001", "DE-8PS-C12345678",
        status, Start, Start.PlusMinutes(60), "EUR", 6.30m,
        [
            new CdrPeriodForClearing(Start, Start.PlusMinutes(60), "energy", 20m, 0.30m, 6.00m, 19),
            new CdrPeriodForClearing(Start, Start.PlusMinutes(60), "serviceFee", 1m, 0.30m, null, 19),
        ], null, "ochp-1.4", "<cdrInfoArray/>");

    public static PlausibilityInput Input(CdrForClearing cdr, string? current = null, ConnectionLimits? limits = null) => new(cdr,
        new HashSet<string> { "DE*ABC" }, new HashSet<string> { "DE*8PS", "DE*XYZ" },
        new Dictionary<(string, string), ConnectionLimits> { [("DE*ABC", "DE*8PS")] = limits ?? ConnectionLimits.None }, current);
}

public class PlausibilityRuleTests
{
    public static TheoryData<string, Func<CdrForClearing, CdrForClearing>, string?> Cases() => new()
    {
        { PlausibilityRules.SchemaValid, c => c, null },
        { PlausibilityRules.SchemaValid, c => c with { SchemaProblem = "cdrId: pattern" }, "cdrId: pattern" },
        { PlausibilityRules.SchemaValid, c => c with { Status = "approved" }, "status 'approved' is not one of new, revised, rejected" },
        { PlausibilityRules.OperatorOwnsEvse, c => c with { EvseId = "DEABCE0001" }, null },
        { PlausibilityRules.OperatorOwnsEvse, c => c with { EvseId = "DE*XYZ*E0001" }, "EVSE DE*XYZ*E0001 belongs to operator DE*XYZ, which is not one of the uploader's (DE*ABC)" },
        { PlausibilityRules.OperatorOwnsEvse, c => c with { EvseId = "nonsense" }, "'nonsense' is not an EVSE-ID" },
        { PlausibilityRules.OperatorOwnsCdrId, c => c, null },
        { PlausibilityRules.OperatorOwnsCdrId, c => c with { CdrId = "DEXYZ0001" }, "CdrId DEXYZ0001 does not start with the Operator-ID DEABC" },
        { PlausibilityRules.ContractIdValid, c => c with { ContractId = "DE8PSC12345678" }, null },
        { PlausibilityRules.ContractIdValid, c => c with { ContractId = "DE-8AA-001234567-0" }, null },
        { PlausibilityRules.ContractIdValid, c => c with { ContractId = "DE-8AA-001234567-1" }, "contract id DE-8AA-001234567-1 has check digit 1, expected 0" },
        { PlausibilityRules.ContractIdValid, c => c with { ContractId = "12345" }, "'12345' is not a contract id (EMAID)" },
        { PlausibilityRules.ProviderConnected, c => c, null },
        { PlausibilityRules.ProviderConnected, c => c with { ContractId = "DE-XYZ-C12345678" }, "provider DE*XYZ is not connected to operator DE*ABC" },
        { PlausibilityRules.ProviderConnected, c => c with { ContractId = "NL-TNM-C12345678" }, "provider NL*TNM of the contract is not a participant of the clearing house" },
        { PlausibilityRules.StartBeforeEnd, c => c, null },
        { PlausibilityRules.StartBeforeEnd, c => c with { End = c.Start }, "start 2026-12-01T10:00:00+01 is not before end 2026-12-01T10:00:00+01" },
        { PlausibilityRules.StartBeforeEnd, c => c with { End = null }, "start and end are required" },
        { PlausibilityRules.PeriodsInsideSession, c => c, null },
        { PlausibilityRules.PeriodsInsideSession, c => c with { Periods = [c.Periods[0] with { End = c.End!.Value.PlusMinutes(1) }] }, "period 1 (2026-12-01T10:00:00+01 to 2026-12-01T11:01:00+01) is not inside the session (2026-12-01T10:00:00+01 to 2026-12-01T11:00:00+01)" },
        { PlausibilityRules.PeriodsInsideSession, c => c with { Periods = [] }, "a CDR has at least one charging period" },
        { PlausibilityRules.PeriodCost, c => c with { Periods = [c.Periods[0] with { PeriodCost = 6.004m }] }, null },
        { PlausibilityRules.PeriodCost, c => c with { Periods = [c.Periods[0] with { PeriodCost = 6.01m }] }, "period 1 costs 6.01, but 20 × 0.30 = 6.00" },
        { PlausibilityRules.TotalCost, c => c with { TotalCost = null }, null },
        { PlausibilityRules.TotalCost, c => c with { TotalCost = 6.31m }, "total cost 6.31 is not the sum of the periods' costs 6.30" },
        { PlausibilityRules.CurrencyIso4217, c => c with { Currency = "CHF" }, null },
        { PlausibilityRules.CurrencyIso4217, c => c with { Currency = "EURO" }, "'EURO' is not an ISO 4217 currency code" },
        { PlausibilityRules.CurrencyIso4217, c => c with { Currency = "eur" }, "'eur' is not an ISO 4217 currency code" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void each_rule_passes_or_fails_with_its_reason(string rule, Func<CdrForClearing, CdrForClearing> change, string? failure) =>
        PlausibilityRules.Named(rule).Check(Plausible.Input(change(Plausible.Cdr()))).Failure.ShouldBe(failure);

    [Theory]
    [InlineData(null, CdrStatuses.New, null)]
    [InlineData(CdrStatuses.Implausible, CdrStatuses.New, null)]
    [InlineData(CdrStatuses.Accepted, CdrStatuses.New, "CdrId DEABC0001 is already known: the CDR is already known (accepted): upload it again as revised or rejected")]
    [InlineData(CdrStatuses.Declined, CdrStatuses.Revised, null)]
    [InlineData(CdrStatuses.Approved, CdrStatuses.Revised, "CdrId DEABC0001 is already known: the CDR is approved: final")]
    [InlineData(null, CdrStatuses.Rejected, "CdrId DEABC0001 is already known: the CDR is unknown: upload it with status new first")]
    public void no_duplicate_follows_the_status_machine(string? current, string requested, string? failure) =>
        PlausibilityRules.CheckNoDuplicate(Plausible.Input(Plausible.Cdr(status: requested), current)).Failure.ShouldBe(failure);

    [Theory]
    [InlineData(20.0, null, null, null)]
    [InlineData(19.99, null, null, "20 kWh is over the connection's limit of 19.99 kWh")]
    [InlineData(null, 60, null, null)]
    [InlineData(null, 59, null, "the session lasted 60 minutes, over the connection's limit of 59")]
    [InlineData(null, null, 6.30, null)]
    [InlineData(null, null, 6.29, "6.30 EUR is over the connection's limit of 6.29 EUR")]
    public void limits_apply_to_energy_duration_and_cost(double? energy, int? minutes, double? cost, string? failure)
    {
        var limits = new ConnectionLimits((decimal?)energy, minutes, (decimal?)cost);
        var input = Plausible.Input(Plausible.Cdr(), limits: limits);
        var verdicts = new[] { PlausibilityRules.CheckMaxEnergy(input), PlausibilityRules.CheckMaxDuration(input), PlausibilityRules.CheckMaxCost(input) };
        verdicts.Select(v => v.Failure).OfType<string>().SingleOrDefault().ShouldBe(failure);
    }

    [Fact]
    public void the_plausible_cdr_passes_every_rule_in_order()
    {
        var result = PlausibilityRules.Check(Plausible.Input(Plausible.Cdr()));
        result.Failed.ShouldBeNull();
        result.Outcomes.Select(o => o.Rule).ShouldBe(PlausibilityRules.All.Select(r => r.Name));
    }

    [Fact]
    public void the_first_failure_in_order_decides_and_stops()
    {
        var result = PlausibilityRules.Check(Plausible.Input(Plausible.Cdr() with { CdrId = "DEXYZ1", Currency = "EURO" }));
        result.Failed!.Rule.ShouldBe(PlausibilityRules.OperatorOwnsCdrId);
        result.Outcomes.Count.ShouldBe(3);
    }

    [Fact]
    public void a_rejection_checks_only_schema_and_legality()
    {
        var result = PlausibilityRules.Check(Plausible.Input(Plausible.Cdr(status: CdrStatuses.Rejected) with { Currency = "EURO" }, CdrStatuses.Declined));
        result.Failed.ShouldBeNull();
        result.Outcomes.Select(o => o.Rule).ShouldBe([PlausibilityRules.SchemaValid, PlausibilityRules.NoDuplicate]);
    }

    private static readonly Gen<(decimal Value, decimal Price)> Periods =
        from value in Gen.Choose(0, 200_000) from price in Gen.Choose(0, 10_000) select (value / 1000m, price / 10_000m);

    [Property(MaxTest = 500)]
    public Property stated_costs_that_are_the_products_always_pass() => Prop.ForAll(Periods.ListOf().Where(l => l.Count > 0).ToArbitrary(), periods =>
    {
        var cdr = Plausible.Cdr() with
        {
            Periods = periods.Select(p => new CdrPeriodForClearing(Plausible.Start, Plausible.Start.PlusMinutes(30), "energy", p.Value, p.Price,
                Math.Round(p.Value * p.Price, 2, MidpointRounding.AwayFromZero), null)).ToList(),
        };
        cdr = cdr with { TotalCost = PlausibilityRules.SumOfPeriods(cdr) };
        var input = Plausible.Input(cdr);
        return PlausibilityRules.CheckPeriodCost(input).Passed && PlausibilityRules.CheckTotalCost(input).Passed;
    });

    [Property(MaxTest = 500)]
    public Property a_total_off_by_a_cent_or_more_always_fails() => Prop.ForAll(
        (from cents in Gen.Choose(1, 100_000) from sign in Gen.Elements(-1, 1) select (cents, sign)).ToArbitrary(), t =>
        {
            var cdr = Plausible.Cdr();
            var input = Plausible.Input(cdr with { TotalCost = cdr.TotalCost + t.sign * t.cents / 100m });
            return !PlausibilityRules.CheckTotalCost(input).Passed;
        });

    [Property(MaxTest = 300)]
    public Property a_cdr_id_without_the_operator_prefix_always_fails() => Prop.ForAll(
        Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".ToCharArray()).ArrayOf(10).Select(c => new string(c)).Where(id => !id.StartsWith("DEABC")).ToArbitrary(),
        id => PlausibilityRules.CheckOperatorOwnsCdrId(Plausible.Input(Plausible.Cdr(id))).Failure is not null);
}
