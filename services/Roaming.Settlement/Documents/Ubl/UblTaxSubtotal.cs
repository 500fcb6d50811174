using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Documents.Ubl;

/// <summary>
/// One VAT breakdown entry of the e-invoice (EN 16931 BG-23): all lines with the same category and rate, whatever
/// their country of supply (BR-S-08 sums every line with that rate, so one rate may appear only once).
/// </summary>
/// <param name="VatAmount">
/// The sum of the lines' VAT as the statement rounded it (once per line), not round(taxable × rate): so the e-invoice's
/// VAT equals the statement's to the cent. EN 16931 accepts the difference this can make (BR-S-09/BR-CO-17 allow less
/// than one currency unit), which <see cref="En16931Rules"/> checks.
/// </param>
public sealed record UblTaxSubtotal(string Category, decimal Rate, decimal TaxableAmount, decimal VatAmount)
{
    public static string CategoryOf(decimal rate) => rate == 0 ? UblNames.ZeroRated : UblNames.StandardRated;

    public static IReadOnlyList<UblTaxSubtotal> Of(IEnumerable<StatementLine> lines) =>
        lines.GroupBy(l => l.VatRate)
            .OrderByDescending(g => g.Key)
            .Select(g => new UblTaxSubtotal(CategoryOf(g.Key), g.Key, g.Sum(l => l.AmountExclVat), g.Sum(l => l.VatAmount)))
            .ToList();
}
