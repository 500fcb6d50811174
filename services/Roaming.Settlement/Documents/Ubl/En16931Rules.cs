using System.Globalization;
using System.Xml.Linq;

namespace Roaming.Settlement.Documents.Ubl;

/// <summary>
/// The EN 16931 calculation rules (the ones a statement's arithmetic can break) checked on a UBL 2.1 Invoice or
/// CreditNote: pure, no I/O. Returns the ids of the violated rules (empty when all hold), each once.
/// </summary>
/// <remarks>
/// BR-S-09 and BR-CO-17 (VAT of a breakdown = taxable amount × rate) are checked as the CEN schematron (1.3.x) checks
/// them: the VAT may differ from round(taxable × rate) by less than one currency unit. EN 16931 tolerates this so that
/// a seller who rounds VAT per line (as our statements do) can state the sum of its line VATs.
/// </remarks>
public static class En16931Rules
{
    private static readonly XNamespace Cac = UblNames.Cac;
    private static readonly XNamespace Cbc = UblNames.Cbc;

    public static IReadOnlyList<string> Check(XDocument document)
    {
        var violated = new List<string>();
        void Require(bool holds, string rule)
        {
            if (!holds && !violated.Contains(rule))
                violated.Add(rule);
        }

        var root = document.Root ?? throw new ArgumentException("empty document", nameof(document));
        var lines = root.Elements(Cac + "InvoiceLine").Concat(root.Elements(Cac + "CreditNoteLine")).ToList();
        var totals = root.Element(Cac + "LegalMonetaryTotal");
        var currency = (string?)root.Element(Cbc + "DocumentCurrencyCode");
        // A document may carry a second TaxTotal in the tax currency (BT-111); the rules use the one in the document currency.
        var taxTotal = root.Elements(Cac + "TaxTotal").FirstOrDefault(t => (string?)t.Element(Cbc + "TaxAmount")?.Attribute("currencyID") == currency)
                       ?? root.Elements(Cac + "TaxTotal").FirstOrDefault();
        var subtotals = taxTotal?.Elements(Cac + "TaxSubtotal").ToList() ?? [];

        Require(lines.Count > 0, "BR-16");
        Require(subtotals.Count > 0, "BR-CO-18");
        if (totals is null || taxTotal is null)
        {
            Require(false, "BR-12");
            return violated;
        }

        var lineNets = lines.Select(l => Amount(l, "LineExtensionAmount")).ToList();
        var lineExtension = Amount(totals, "LineExtensionAmount");
        var taxExclusive = Amount(totals, "TaxExclusiveAmount");
        var taxInclusive = Amount(totals, "TaxInclusiveAmount");
        var payable = Amount(totals, "PayableAmount");
        var tax = Amount(taxTotal, "TaxAmount");

        Require(lineExtension == lineNets.Sum(), "BR-CO-10");
        Require(taxExclusive == lineExtension - Amount(totals, "AllowanceTotalAmount") + Amount(totals, "ChargeTotalAmount"), "BR-CO-13");
        Require(tax == subtotals.Sum(s => Amount(s, "TaxAmount")), "BR-CO-14");
        Require(taxInclusive == taxExclusive + tax, "BR-CO-15");
        Require(payable == taxInclusive - Amount(totals, "PrepaidAmount") + Amount(totals, "PayableRoundingAmount"), "BR-CO-16");

        foreach (var subtotal in subtotals)
        {
            var category = subtotal.Element(Cac + "TaxCategory");
            var code = ((string?)category?.Element(Cbc + "ID"))?.Trim();
            var rate = Number(category?.Element(Cbc + "Percent"));
            var taxable = Amount(subtotal, "TaxableAmount");
            var vat = Amount(subtotal, "TaxAmount");
            var linesOfCategory = lines.Where(l => LineCategory(l) == (code, rate)).Sum(l => Amount(l, "LineExtensionAmount"));
            Require(VatWithinTolerance(taxable, rate, vat), "BR-CO-17");
            switch (code)
            {
                case UblNames.StandardRated:
                    Require(taxable == linesOfCategory, "BR-S-08");
                    Require(VatWithinTolerance(taxable, rate, vat), "BR-S-09");
                    break;
                case UblNames.ZeroRated:
                    Require(taxable == linesOfCategory, "BR-Z-08");
                    Require(vat == 0, "BR-Z-09");
                    break;
            }
        }

        foreach (var line in lines)
        {
            var (code, rate) = LineCategory(line);
            if (code == UblNames.StandardRated)
                Require(rate > 0, "BR-S-05");
            if (code == UblNames.ZeroRated)
                Require(rate == 0, "BR-Z-05");
            // Every line's category and rate needs its breakdown (BR-S-01/BR-Z-01 ask for one per category in use).
            Require(subtotals.Any(s => SubtotalCategory(s) == (code, rate)), code == UblNames.ZeroRated ? "BR-Z-01" : "BR-S-01");
            Require(AtMostTwoDecimals(line, "LineExtensionAmount"), "BR-DEC-23");
        }

        Require(AtMostTwoDecimals(totals, "LineExtensionAmount"), "BR-DEC-09");
        Require(AtMostTwoDecimals(totals, "TaxExclusiveAmount"), "BR-DEC-12");
        Require(AtMostTwoDecimals(taxTotal, "TaxAmount"), "BR-DEC-13");
        Require(AtMostTwoDecimals(totals, "TaxInclusiveAmount"), "BR-DEC-14");
        Require(AtMostTwoDecimals(totals, "PayableAmount"), "BR-DEC-18");
        foreach (var subtotal in subtotals)
        {
            Require(AtMostTwoDecimals(subtotal, "TaxableAmount"), "BR-DEC-19");
            Require(AtMostTwoDecimals(subtotal, "TaxAmount"), "BR-DEC-20");
        }
        return violated;
    }

    /// <summary>|VAT| within one unit of round(|taxable| × rate / 100) to two decimals, as the CEN schematron tests it.</summary>
    public static bool VatWithinTolerance(decimal taxable, decimal rate, decimal vat)
    {
        var expected = Math.Round(Math.Abs(taxable) * rate / 100m, 2, MidpointRounding.AwayFromZero);
        return Math.Abs(Math.Abs(vat) - expected) < 1m;
    }

    private static (string? Code, decimal Rate) LineCategory(XElement line)
    {
        var category = line.Element(Cac + "Item")?.Element(Cac + "ClassifiedTaxCategory");
        return (((string?)category?.Element(Cbc + "ID"))?.Trim(), Number(category?.Element(Cbc + "Percent")));
    }

    private static (string? Code, decimal Rate) SubtotalCategory(XElement subtotal)
    {
        var category = subtotal.Element(Cac + "TaxCategory");
        return (((string?)category?.Element(Cbc + "ID"))?.Trim(), Number(category?.Element(Cbc + "Percent")));
    }

    private static decimal Amount(XElement parent, string name) => Number(parent.Element(Cbc + name));

    private static decimal Number(XElement? element) =>
        element is null ? 0m : decimal.Parse(element.Value.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture);

    private static bool AtMostTwoDecimals(XElement parent, string name)
    {
        var text = parent.Element(Cbc + name)?.Value.Trim();
        var point = text?.IndexOf('.') ?? -1;
        return text is null || point < 0 || text.Length - point - 1 <= 2;
    }
}
