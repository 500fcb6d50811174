using NodaTime;
using Roaming.Contracts.Settlement.V1;
using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Tests.Documents;

/// <summary>Statements for the document tests, built the way the statements capability builds them: VAT rounded once
/// per line (half away from zero, to the currency's minor unit), every total the exact sum of its lines.</summary>
internal static class Statements
{
    public static readonly PartyDetails Cpo = new("Charge Point Operator GmbH", "Invalidenstraße 1\n10115 Berlin", "DE123456789", "DE");
    public static readonly PartyDetails Emsp = new("Mobility Provider B.V.", "Keizersgracht 1\n1015 CJ Amsterdam", "NL123456789B01", "NL");

    /// <summary>One line: net amount and rate; energy, times and ids derived from the line number.</summary>
    public sealed record Line(decimal Net, decimal Rate, string Kind = StatementLineKinds.Charge, decimal? Kwh = null, string Country = "DE",
        string? CorrectsInvoice = null, string? Note = null, int Day = 1);

    public static StatementLine LineOf(int number, Line line, string currency = "EUR")
    {
        var digits = Roaming.Protocols.Ocpi.Tariffs.Iso4217Currencies.MinorUnits(currency);
        var vat = Math.Round(line.Net * line.Rate / 100m, digits, MidpointRounding.AwayFromZero);
        return new StatementLine(number, line.Kind, $"CDR-{number:D5}", new LocalDateTime(2026, 11, line.Day, 8 + number % 12, number % 60),
            $"LOC{number % 7}", $"DE*CPO*E{number % 13}", line.Country, line.Kwh ?? Math.Abs(line.Net) * 2.5m,
            Duration.FromMinutes(30 + number % 90), Duration.FromMinutes(number % 20), line.Net, line.Rate, vat, line.Net + vat,
            line.CorrectsInvoice is null ? null : "DE*CPO:DE*MSP:2026-10", line.CorrectsInvoice, line.Note);
    }

    public static Statement Of(IEnumerable<Line> lines, string billing = BillingDirections.CpoInvoicesEmsp, string currency = "EUR",
        IReadOnlyList<StatementDisputeNote>? disputes = null) =>
        Of(lines.Select((l, i) => LineOf(i + 1, l, currency)).ToList(), billing, currency, disputes);

    public static Statement Of(IReadOnlyList<StatementLine> lines, string billing = BillingDirections.CpoInvoicesEmsp, string currency = "EUR",
        IReadOnlyList<StatementDisputeNote>? disputes = null)
    {
        var selfBills = billing == BillingDirections.EmspSelfBills;
        var breakdown = lines.GroupBy(l => (l.CountryOfSupply, l.VatRate))
            .Select(g => new VatBreakdown(g.Key.CountryOfSupply, g.Key.VatRate, g.Sum(l => l.AmountExclVat), g.Sum(l => l.VatAmount), g.Sum(l => l.AmountInclVat)))
            .ToList();
        var totals = new StatementTotals(lines.Sum(l => l.AmountExclVat), lines.Sum(l => l.VatAmount), lines.Sum(l => l.AmountInclVat));
        var issuer = selfBills ? "DE*MSP" : "DE*CPO";
        return new Statement("DE*CPO:DE*MSP:2026-11", 7, $"{issuer.Replace("*", "")}-2026-0007", "DE*CPO", "DE*MSP", issuer, billing,
            "2026-11", new LocalDate(2026, 11, 1), new LocalDate(2026, 12, 1), "Europe/Berlin", currency, Cpo, Emsp,
            new LocalDate(2026, 12, 6), new LocalDate(2027, 1, 5), lines, breakdown, totals, disputes ?? [],
            Instant.FromUtc(2026, 12, 6, 2, 0), "settlement-scheduler");
    }

    public static byte[] Render(this Roaming.Settlement.Documents.IStatementDocument document, Statement statement)
    {
        using var output = new MemoryStream();
        document.Write(statement, output);
        return output.ToArray();
    }
}
