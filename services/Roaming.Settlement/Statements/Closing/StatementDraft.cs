using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Settlement.Agreements;

namespace Roaming.Settlement.Statements.Closing;

/// <summary>
/// The statement taking shape while a close streams the ledger: lines are numbered as they come. When it is issued, the
/// VAT of each breakdown (per country of supply and rate) is computed as EN 16931 does (BR-CO-17: the breakdown's
/// taxable amount × rate, rounded once), and the lines' own rounded VAT amounts are reconciled to it: where their sum
/// differs by k minor units, the k lines whose rounding lost the most move by one minor unit (largest remainder). So each
/// line's VAT stays within one minor unit of its net × rate, and the breakdown and totals are the exact sums of the lines
/// (BR-CO-10, BR-CO-13, BR-CO-14, BR-CO-15) while BR-CO-17 holds exactly, however many lines a statement has.
/// </summary>
public sealed class StatementDraft
{
    private readonly List<StatementLine> _lines = [];

    public IReadOnlyList<StatementLine> Lines => _lines;

    public StatementLine Add(StatementLine line)
    {
        var numbered = line with { LineNumber = _lines.Count + 1 };
        _lines.Add(numbered);
        return numbered;
    }

    public Statement Issue(Agreement agreement, BillingPeriod period, long number, NodaTime.LocalDate issueDate,
        IReadOnlyList<StatementDisputeNote> disputes, NodaTime.Instant issuedAt, string issuedBy)
    {
        var lines = _lines.ToArray();
        var breakdown = new List<VatBreakdown>();
        foreach (var group in Enumerable.Range(0, lines.Length).GroupBy(i => (lines[i].CountryOfSupply, lines[i].VatRate))
                     .OrderBy(g => g.Key.CountryOfSupply, StringComparer.Ordinal).ThenBy(g => g.Key.VatRate))
        {
            var members = group.ToList();
            ReconcileVat(lines, members, group.Key.VatRate, agreement.Currency);
            breakdown.Add(new VatBreakdown(group.Key.CountryOfSupply, group.Key.VatRate, members.Sum(i => lines[i].AmountExclVat),
                members.Sum(i => lines[i].VatAmount), members.Sum(i => lines[i].AmountInclVat)));
        }
        var totals = new StatementTotals(lines.Sum(l => l.AmountExclVat), lines.Sum(l => l.VatAmount), lines.Sum(l => l.AmountInclVat));
        return new Statement(StatementIds.For(agreement.OperatorId, agreement.ProviderId, period.Name), number,
            StatementIds.InvoiceNumber(agreement.IssuerId, issueDate.Year, number), agreement.OperatorId, agreement.ProviderId, agreement.IssuerId,
            agreement.Billing, period.Name, period.Start, period.End, agreement.TimeZone, agreement.Currency, agreement.Seller, agreement.Buyer, issueDate,
            issueDate.PlusDays(agreement.PaymentTermsDays), lines, breakdown, totals, disputes, issuedAt, issuedBy);
    }

    /// <summary>Moves the VAT of the lines at <paramref name="members"/> so that they sum to the breakdown's rounded VAT.</summary>
    private static void ReconcileVat(StatementLine[] lines, List<int> members, decimal rate, string currency)
    {
        var taxable = members.Sum(i => lines[i].AmountExclVat);
        var target = SettlementMoney.Round(taxable * rate / 100m, currency);
        var unit = SettlementMoney.Round(1m / Pow10(Iso4217Currencies.MinorUnits(currency)), currency);
        var steps = (int)((target - members.Sum(i => lines[i].VatAmount)) / unit);
        if (steps == 0)
            return;
        // What each line's rounding lost (exact − rounded): the most positive were rounded down the furthest.
        var byLoss = members.OrderByDescending(i => lines[i].AmountExclVat * rate / 100m - lines[i].VatAmount).ThenBy(i => i).ToList();
        var chosen = steps > 0 ? byLoss.Take(steps) : byLoss.AsEnumerable().Reverse().Take(-steps);
        var step = steps > 0 ? unit : -unit;
        foreach (var i in chosen)
            lines[i] = lines[i] with { VatAmount = lines[i].VatAmount + step, AmountInclVat = lines[i].AmountInclVat + step };
    }

    private static decimal Pow10(int exponent)
    {
        var value = 1m;
        for (var i = 0; i < exponent; i++)
            value *= 10m;
        return value;
    }
}

public static class StatementIds
{
    /// <summary>One statement per agreement, currency (the agreement's) and period.</summary>
    public static string For(string operatorId, string providerId, string period) => $"{operatorId}:{providerId}:{period}";

    public static string StreamOf(string statementId) => $"statement:{statementId}";

    /// <summary>What is printed: the issuer without its separator, the year of issue and the gap-free number, e.g. <c>DECPO-2026-000042</c>.</summary>
    public static string InvoiceNumber(string issuerId, int year, long number) => $"{issuerId.Replace("*", "", StringComparison.Ordinal)}-{year:0000}-{number:000000}";
}
