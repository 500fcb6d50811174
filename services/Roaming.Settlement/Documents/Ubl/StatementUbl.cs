using System.Text;
using System.Xml;
using NodaTime;
using NodaTime.Text;
using Roaming.Contracts.Settlement.V1;
using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Documents.Ubl;

/// <summary>
/// The statement as an EN 16931 e-invoice in UBL 2.1 syntax (Peppol BIS Billing 3.0): an invoice (380), a self-billed
/// invoice (389, Peppol BIS Self-Billing) when the e-MSP self-bills, or, when the statement is net negative, a credit
/// note (381 / self-billed 261) whose amounts carry the inverted sign as UBL credit notes require. The seller
/// (AccountingSupplierParty) is always the CPO, the buyer the e-MSP, whoever issued the document. Written streaming, so
/// a statement of any size needs little memory.
/// </summary>
public sealed class StatementUbl : IStatementDocument
{
    private static readonly LocalDatePattern Date = LocalDatePattern.Iso;
    private static readonly LocalDateTimePattern SessionStart = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm");

    public string Format => "ubl";
    public string ContentType => "application/xml";
    public string FileExtension => "xml";

    /// <exception cref="NothingToInvoiceException">The statement has no lines.</exception>
    public void Write(Statement statement, Stream output)
    {
        if (statement.Lines.Count == 0)
            throw new NothingToInvoiceException(statement.Id);

        var creditNote = statement.IsCreditNote;
        var selfBilled = statement.Billing == BillingDirections.EmspSelfBills;
        // A credit note states what is credited as positive amounts: every amount of the statement flips its sign.
        var sign = creditNote ? -1m : 1m;
        var root = creditNote ? "CreditNote" : "Invoice";
        var rootNamespace = (creditNote ? UblNames.CreditNote : UblNames.Invoice).NamespaceName;
        var currency = statement.Currency;
        var fallbackCountry = statement.Lines[0].CountryOfSupply;

        using var xml = XmlWriter.Create(output, new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), Indent = true, CloseOutput = false,
        });
        xml.WriteStartDocument();
        xml.WriteStartElement(root, rootNamespace);
        xml.WriteAttributeString("xmlns", "cac", null, UblNames.Cac.NamespaceName);
        xml.WriteAttributeString("xmlns", "cbc", null, UblNames.Cbc.NamespaceName);

        Cbc(xml, "CustomizationID", selfBilled ? UblNames.SelfBillingCustomization : UblNames.BillingCustomization);
        Cbc(xml, "ProfileID", selfBilled ? UblNames.SelfBillingProfile : UblNames.BillingProfile);
        Cbc(xml, "ID", statement.InvoiceNumber);
        Cbc(xml, "IssueDate", Date.Format(statement.IssueDate));
        if (!creditNote)
        {
            Cbc(xml, "DueDate", Date.Format(statement.DueDate));
            Cbc(xml, "InvoiceTypeCode", selfBilled ? UblNames.SelfBilledInvoice : UblNames.CommercialInvoice);
        }
        else
            Cbc(xml, "CreditNoteTypeCode", selfBilled ? UblNames.SelfBilledCreditNote : UblNames.CreditNoteCode);
        Cbc(xml, "Note", $"Settlement statement {statement.Id} for {statement.Period} (operator {statement.OperatorId}, provider {statement.ProviderId}).");
        Cbc(xml, "DocumentCurrencyCode", currency);
        Cbc(xml, "BuyerReference", statement.Id);

        xml.WriteStartElement("cac", "InvoicePeriod", UblNames.Cac.NamespaceName);
        Cbc(xml, "StartDate", Date.Format(statement.PeriodStart));
        // EN 16931's period end (BT-74) is the last day covered; the statement's end is the first day after.
        Cbc(xml, "EndDate", Date.Format(statement.PeriodEnd.PlusDays(-1)));
        xml.WriteEndElement();

        foreach (var corrected in statement.Lines.Select(l => l.CorrectsInvoiceNumber).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            xml.WriteStartElement("cac", "BillingReference", UblNames.Cac.NamespaceName);
            xml.WriteStartElement("cac", "InvoiceDocumentReference", UblNames.Cac.NamespaceName);
            Cbc(xml, "ID", corrected);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteStartElement("cac", "AccountingSupplierParty", UblNames.Cac.NamespaceName);
        UblParty.Write(xml, statement.OperatorId, statement.Seller, fallbackCountry);
        xml.WriteEndElement();
        xml.WriteStartElement("cac", "AccountingCustomerParty", UblNames.Cac.NamespaceName);
        UblParty.Write(xml, statement.ProviderId, statement.Buyer, fallbackCountry);
        xml.WriteEndElement();

        xml.WriteStartElement("cac", "PaymentTerms", UblNames.Cac.NamespaceName);
        Cbc(xml, "Note", creditNote
            ? $"Credited by {Date.Format(statement.DueDate)}."
            : $"Payable by {Date.Format(statement.DueDate)}.");
        xml.WriteEndElement();

        var subtotals = UblTaxSubtotal.Of(statement.Lines);
        xml.WriteStartElement("cac", "TaxTotal", UblNames.Cac.NamespaceName);
        Money(xml, "TaxAmount", sign * subtotals.Sum(s => s.VatAmount), currency);
        foreach (var subtotal in subtotals)
        {
            xml.WriteStartElement("cac", "TaxSubtotal", UblNames.Cac.NamespaceName);
            Money(xml, "TaxableAmount", sign * subtotal.TaxableAmount, currency);
            Money(xml, "TaxAmount", sign * subtotal.VatAmount, currency);
            WriteTaxCategory(xml, "TaxCategory", subtotal.Category, subtotal.Rate);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        var net = statement.Lines.Sum(l => l.AmountExclVat);
        var vat = subtotals.Sum(s => s.VatAmount);
        xml.WriteStartElement("cac", "LegalMonetaryTotal", UblNames.Cac.NamespaceName);
        Money(xml, "LineExtensionAmount", sign * net, currency);
        Money(xml, "TaxExclusiveAmount", sign * net, currency);
        Money(xml, "TaxInclusiveAmount", sign * (net + vat), currency);
        Money(xml, "PayableAmount", sign * (net + vat), currency);
        xml.WriteEndElement();

        foreach (var line in statement.Lines)
            WriteLine(xml, line, creditNote, sign, currency);

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteLine(XmlWriter xml, StatementLine line, bool creditNote, decimal sign, string currency)
    {
        var amount = sign * line.AmountExclVat;
        var (quantity, unit, price) = QuantityAndPrice(sign * line.EnergyKwh, amount);
        xml.WriteStartElement("cac", creditNote ? "CreditNoteLine" : "InvoiceLine", UblNames.Cac.NamespaceName);
        Cbc(xml, "ID", line.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (LineNote(line) is { } note)
            Cbc(xml, "Note", note);
        xml.WriteStartElement("cbc", creditNote ? "CreditedQuantity" : "InvoicedQuantity", UblNames.Cbc.NamespaceName);
        xml.WriteAttributeString("unitCode", unit);
        xml.WriteString(AmountText.Plain(quantity));
        xml.WriteEndElement();
        Money(xml, "LineExtensionAmount", amount, currency);

        xml.WriteStartElement("cac", "Item", UblNames.Cac.NamespaceName);
        Cbc(xml, "Description", string.Join(", ", new[] { SessionStart.Format(line.SessionStart), line.LocationId, line.EvseId, line.CountryOfSupply }
            .Where(part => !string.IsNullOrEmpty(part))));
        Cbc(xml, "Name", $"Charging session {line.CdrId}");
        xml.WriteStartElement("cac", "SellersItemIdentification", UblNames.Cac.NamespaceName);
        Cbc(xml, "ID", line.CdrId);
        xml.WriteEndElement();
        WriteTaxCategory(xml, "ClassifiedTaxCategory", UblTaxSubtotal.CategoryOf(line.VatRate), line.VatRate);
        xml.WriteEndElement();

        xml.WriteStartElement("cac", "Price", UblNames.Cac.NamespaceName);
        xml.WriteStartElement("cbc", "PriceAmount", UblNames.Cbc.NamespaceName);
        xml.WriteAttributeString("currencyID", currency);
        xml.WriteString(AmountText.Plain(price));
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteEndElement();
    }

    /// <summary>
    /// EN 16931 wants a non-negative price (BR-27) and a line net amount of quantity × price (Peppol R120, within 0.02),
    /// so the quantity carries the line's sign. The quantity is the energy in kWh; a line without energy (a parking or
    /// session fee, a price-only correction) is one unit (C62) at its amount.
    /// </summary>
    public static (decimal Quantity, string UnitCode, decimal Price) QuantityAndPrice(decimal energyKwh, decimal amount)
    {
        if (amount == 0)
            return (energyKwh, "KWH", 0m);
        var direction = Math.Sign(amount);
        if (energyKwh == 0)
            return (direction, "C62", Math.Abs(amount));
        var kwh = Math.Abs(energyKwh);
        return (direction * kwh, "KWH", Math.Round(Math.Abs(amount) / kwh, 6, MidpointRounding.AwayFromZero));
    }

    private static string? LineNote(StatementLine line) =>
        (line.CorrectsInvoiceNumber, line.Note) switch
        {
            (null, null) => null,
            (null, var note) => note,
            (var invoice, null) => $"Corrects invoice {invoice}",
            var (invoice, note) => $"Corrects invoice {invoice}: {note}",
        };

    private static void WriteTaxCategory(XmlWriter xml, string element, string category, decimal rate)
    {
        xml.WriteStartElement("cac", element, UblNames.Cac.NamespaceName);
        Cbc(xml, "ID", category);
        Cbc(xml, "Percent", AmountText.Plain(rate));
        UblParty.WriteVatScheme(xml);
        xml.WriteEndElement();
    }

    private static void Money(XmlWriter xml, string name, decimal amount, string currency)
    {
        xml.WriteStartElement("cbc", name, UblNames.Cbc.NamespaceName);
        xml.WriteAttributeString("currencyID", currency);
        xml.WriteString(SettlementMoney.Text(amount, currency));
        xml.WriteEndElement();
    }

    private static void Cbc(XmlWriter xml, string name, string value) =>
        xml.WriteElementString("cbc", name, UblNames.Cbc.NamespaceName, XmlText(value));

    /// <summary>Text from partners (ids, names, notes) may hold control characters XML cannot carry; they are dropped.</summary>
    internal static string XmlText(string value) =>
        value.All(XmlConvert.IsXmlChar) ? value : string.Concat(value.Where(XmlConvert.IsXmlChar));
}
