using Roaming.Settlement.Agreements;

namespace Roaming.Settlement.Statements.Closing;

/// <summary>
/// The statement taking shape while a close streams the ledger: lines are numbered as they come, and the VAT breakdown
/// (per country of supply and rate) and the totals are kept as exact sums of the lines, so EN 16931's sum rules
/// (BR-CO-10, BR-CO-13, BR-CO-15) hold by construction.
/// </summary>
public sealed class StatementDraft
{
    private readonly List<StatementLine> _lines = [];
    private readonly SortedDictionary<(string Country, decimal Rate), VatBreakdown> _breakdown = [];

    public IReadOnlyList<StatementLine> Lines => _lines;

    public StatementTotals Totals { get; private set; } = new(0m, 0m, 0m);

    public StatementLine Add(StatementLine line)
    {
        var numbered = line with { LineNumber = _lines.Count + 1 };
        _lines.Add(numbered);
        var key = (numbered.CountryOfSupply, numbered.VatRate);
        var sum = _breakdown.GetValueOrDefault(key) ?? new VatBreakdown(key.CountryOfSupply, key.VatRate, 0m, 0m, 0m);
        _breakdown[key] = sum with
        {
            TaxableAmount = sum.TaxableAmount + numbered.AmountExclVat,
            VatAmount = sum.VatAmount + numbered.VatAmount,
            AmountInclVat = sum.AmountInclVat + numbered.AmountInclVat,
        };
        Totals = new StatementTotals(Totals.ExclVat + numbered.AmountExclVat, Totals.Vat + numbered.VatAmount, Totals.InclVat + numbered.AmountInclVat);
        return numbered;
    }

    public Statement Issue(Agreement agreement, BillingPeriod period, long number, NodaTime.LocalDate issueDate,
        IReadOnlyList<StatementDisputeNote> disputes, NodaTime.Instant issuedAt, string issuedBy) =>
        new(StatementIds.For(agreement.OperatorId, agreement.ProviderId, period.Name), number, StatementIds.InvoiceNumber(agreement.IssuerId, issueDate.Year, number),
            agreement.OperatorId, agreement.ProviderId, agreement.IssuerId, agreement.Billing, period.Name, period.Start, period.End, agreement.TimeZone,
            agreement.Currency, agreement.Seller, agreement.Buyer, issueDate, issueDate.PlusDays(agreement.PaymentTermsDays), [.. _lines],
            [.. _breakdown.Values], Totals, disputes, issuedAt, issuedBy);
}

public static class StatementIds
{
    /// <summary>One statement per agreement, currency (the agreement's) and period.</summary>
    public static string For(string operatorId, string providerId, string period) => $"{operatorId}:{providerId}:{period}";

    public static string StreamOf(string statementId) => $"statement:{statementId}";

    /// <summary>What is printed: the issuer without its separator, the year of issue and the gap-free number, e.g. <c>DECPO-2026-000042</c>.</summary>
    public static string InvoiceNumber(string issuerId, int year, long number) => $"{issuerId.Replace("*", "", StringComparison.Ordinal)}-{year:0000}-{number:000000}";
}
