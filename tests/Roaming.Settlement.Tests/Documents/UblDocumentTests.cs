using System.Globalization;
using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Roaming.Contracts.Settlement.V1;
using Roaming.Settlement.Documents.Ubl;
using Roaming.Settlement.Statements;
using Shouldly;
using Xunit;
using static Roaming.Settlement.Tests.Documents.Statements;

namespace Roaming.Settlement.Tests.Documents;

/// <summary>The statement as an EN 16931 UBL invoice, self-billed invoice and credit note: schema valid, calculation rules hold, totals equal the statement's.</summary>
public class UblDocumentTests
{
    private static readonly XNamespace Cac = UblNames.Cac;
    private static readonly XNamespace Cbc = UblNames.Cbc;
    private static readonly StatementUbl Ubl = new();

    private static XDocument RenderValid(Statement statement)
    {
        var bytes = Ubl.Render(statement);
        UblSchemaValidator.Default.Validate(new MemoryStream(bytes)).ShouldBeEmpty();
        var document = XDocument.Load(new MemoryStream(bytes));
        En16931Rules.Check(document).ShouldBeEmpty();
        return document;
    }

    private static decimal Amount(XElement parent, params string[] path)
    {
        var element = parent;
        foreach (var step in path[..^1])
            element = element.Element(Cac + step)!;
        return decimal.Parse(element.Element(Cbc + path[^1])!.Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void A_cpo_invoice_is_a_380_invoice_from_the_cpo_to_the_emsp_with_the_statements_totals()
    {
        var statement = Of([new Line(10.00m, 19), new Line(20.50m, 19), new Line(3.33m, 19)]);

        var root = RenderValid(statement).Root!;

        root.Name.ShouldBe(UblNames.Invoice + "Invoice");
        root.Element(Cbc + "CustomizationID")!.Value.ShouldBe(UblNames.BillingCustomization);
        root.Element(Cbc + "ProfileID")!.Value.ShouldBe(UblNames.BillingProfile);
        root.Element(Cbc + "InvoiceTypeCode")!.Value.ShouldBe("380");
        root.Element(Cbc + "ID")!.Value.ShouldBe(statement.InvoiceNumber);
        root.Element(Cbc + "DueDate")!.Value.ShouldBe("2027-01-05");
        root.Element(Cac + "InvoicePeriod")!.Element(Cbc + "EndDate")!.Value.ShouldBe("2026-11-30");
        root.Element(Cac + "AccountingSupplierParty")!.Descendants(Cbc + "RegistrationName").Single().Value.ShouldBe(Cpo.Name);
        root.Element(Cac + "AccountingCustomerParty")!.Descendants(Cbc + "RegistrationName").Single().Value.ShouldBe(Emsp.Name);
        root.Elements(Cac + "InvoiceLine").Count().ShouldBe(3);
        Amount(root, "LegalMonetaryTotal", "LineExtensionAmount").ShouldBe(33.83m);
        Amount(root, "TaxTotal", "TaxAmount").ShouldBe(statement.Totals.Vat);
        Amount(root, "LegalMonetaryTotal", "TaxInclusiveAmount").ShouldBe(statement.Totals.InclVat);
        Amount(root, "LegalMonetaryTotal", "PayableAmount").ShouldBe(statement.Totals.InclVat);
        var line = root.Elements(Cac + "InvoiceLine").First();
        line.Element(Cbc + "InvoicedQuantity")!.Attribute("unitCode")!.Value.ShouldBe("KWH");
        line.Element(Cac + "Item")!.Element(Cbc + "Name")!.Value.ShouldBe("Charging session CDR-00001");
        line.Element(Cac + "Item")!.Element(Cac + "ClassifiedTaxCategory")!.Element(Cbc + "Percent")!.Value.ShouldBe("19");
    }

    [Fact]
    public void A_self_billed_statement_is_a_389_invoice_whose_supplier_is_still_the_cpo()
    {
        var root = RenderValid(Of([new Line(12.34m, 19)], BillingDirections.EmspSelfBills)).Root!;

        root.Element(Cbc + "InvoiceTypeCode")!.Value.ShouldBe("389");
        root.Element(Cbc + "CustomizationID")!.Value.ShouldBe(UblNames.SelfBillingCustomization);
        root.Element(Cac + "AccountingSupplierParty")!.Descendants(Cbc + "RegistrationName").Single().Value.ShouldBe(Cpo.Name);
        root.Element(Cac + "AccountingCustomerParty")!.Descendants(Cbc + "RegistrationName").Single().Value.ShouldBe(Emsp.Name);
    }

    [Theory]
    [InlineData(BillingDirections.CpoInvoicesEmsp, "381")]
    [InlineData(BillingDirections.EmspSelfBills, "261")]
    public void A_net_negative_statement_is_a_credit_note_with_positive_amounts(string billing, string typeCode)
    {
        var statement = Of([
            new Line(-30.00m, 19, StatementLineKinds.Credit, Note: "credit CDR"),
            new Line(-5.55m, 19, StatementLineKinds.Correction, CorrectsInvoice: "DECPO-2026-0006", Note: "revised"),
            new Line(4.00m, 19),
        ], billing);
        statement.IsCreditNote.ShouldBeTrue();

        var root = RenderValid(statement).Root!;

        root.Name.ShouldBe(UblNames.CreditNote + "CreditNote");
        root.Element(Cbc + "CreditNoteTypeCode")!.Value.ShouldBe(typeCode);
        Amount(root, "LegalMonetaryTotal", "LineExtensionAmount").ShouldBe(31.55m);
        Amount(root, "LegalMonetaryTotal", "PayableAmount").ShouldBe(-statement.Totals.InclVat);
        Amount(root, "TaxTotal", "TaxAmount").ShouldBe(-statement.Totals.Vat);
        var lines = root.Elements(Cac + "CreditNoteLine").ToList();
        lines.Select(l => Amount(l, "LineExtensionAmount")).ShouldBe([30.00m, 5.55m, -4.00m]);
        lines.Select(l => Amount(l, "Price", "PriceAmount")).ShouldAllBe(price => price >= 0);
        root.Element(Cac + "BillingReference")!.Descendants(Cbc + "ID").Single().Value.ShouldBe("DECPO-2026-0006");
    }

    [Fact]
    public void Lines_with_several_rates_get_one_breakdown_per_rate_and_a_zero_rate_is_category_z()
    {
        var statement = Of([
            new Line(10.00m, 19), new Line(10.00m, 19, Country: "AT"), new Line(8.40m, 7), new Line(5.00m, 0), new Line(2.22m, 20, Country: "AT"),
        ]);

        var root = RenderValid(statement).Root!;

        var subtotals = root.Element(Cac + "TaxTotal")!.Elements(Cac + "TaxSubtotal")
            .Select(s => (Category: s.Element(Cac + "TaxCategory")!.Element(Cbc + "ID")!.Value, Rate: s.Element(Cac + "TaxCategory")!.Element(Cbc + "Percent")!.Value,
                Taxable: Amount(s, "TaxableAmount"), Vat: Amount(s, "TaxAmount")))
            .ToList();
        subtotals.ShouldBe([("S", "20", 2.22m, 0.44m), ("S", "19", 20.00m, 3.80m), ("S", "7", 8.40m, 0.59m), ("Z", "0", 5.00m, 0.00m)]);
        Amount(root, "LegalMonetaryTotal", "TaxInclusiveAmount").ShouldBe(statement.Totals.InclVat);
    }

    [Fact]
    public void Corrections_of_earlier_invoices_are_negative_lines_referencing_the_original_invoice()
    {
        var statement = Of([
            new Line(50.00m, 19),
            new Line(-2.50m, 19, StatementLineKinds.Correction, CorrectsInvoice: "DECPO-2026-0005", Note: "revised by the CPO"),
            new Line(-1.00m, 19, StatementLineKinds.Correction, Kwh: 0, CorrectsInvoice: "DECPO-2026-0006"),
        ]);

        var root = RenderValid(statement).Root!;

        root.Elements(Cac + "BillingReference").Select(r => r.Descendants(Cbc + "ID").Single().Value).ShouldBe(["DECPO-2026-0005", "DECPO-2026-0006"]);
        var correction = root.Elements(Cac + "InvoiceLine").ElementAt(1);
        correction.Element(Cbc + "Note")!.Value.ShouldBe("Corrects invoice DECPO-2026-0005: revised by the CPO");
        Amount(correction, "LineExtensionAmount").ShouldBe(-2.50m);
        decimal.Parse(correction.Element(Cbc + "InvoicedQuantity")!.Value, CultureInfo.InvariantCulture).ShouldBeLessThan(0);
        var feeOnly = root.Elements(Cac + "InvoiceLine").ElementAt(2).Element(Cbc + "InvoicedQuantity")!;
        (feeOnly.Attribute("unitCode")!.Value, feeOnly.Value).ShouldBe(("C62", "-1"));
    }

    [Fact]
    public void Control_characters_from_partner_data_are_dropped_so_the_xml_stays_valid()
    {
        var statement = Of([LineOf(1, new Line(5m, 19, Note: "bell\u0007 rang")) with { LocationId = "LOC\u0001" }]);

        var line = RenderValid(statement).Root!.Element(Cac + "InvoiceLine")!;

        line.Element(Cbc + "Note")!.Value.ShouldBe("bell rang");
        line.Element(Cac + "Item")!.Element(Cbc + "Description")!.Value.ShouldContain("LOC,");
    }

    [Fact]
    public void An_empty_statement_has_nothing_to_invoice()
    {
        var statement = Of(Array.Empty<Line>());

        Should.Throw<NothingToInvoiceException>(() => Ubl.Render(statement)).StatementId.ShouldBe(statement.Id);
    }

    [Fact]
    public void Per_line_vat_that_drifts_from_the_rate_applied_to_the_total_stays_the_statements_vat()
    {
        // 0.05 × 19 % = 0.0095 → 0.01 per line; 200 lines: 2.00 VAT on 10.00 net, where 10.00 × 19 % = 1.90.
        var statement = Of(Enumerable.Repeat(new Line(0.05m, 19), 200));
        statement.Totals.Vat.ShouldBe(2.00m);

        var root = RenderValid(statement).Root!;

        Amount(root, "TaxTotal", "TaxSubtotal", "TaxAmount").ShouldBe(2.00m);
        Amount(root, "LegalMonetaryTotal", "PayableAmount").ShouldBe(statement.Totals.InclVat);
    }

    [Theory]
    [InlineData("10.0", "2.50", "10.0", "KWH", "0.25")]
    [InlineData("10.0", "-2.50", "-10.0", "KWH", "0.25")]
    [InlineData("-10.0", "-2.50", "-10.0", "KWH", "0.25")]
    [InlineData("4", "-1.00", "-4", "KWH", "0.25")]
    [InlineData("0", "-3.00", "-1", "C62", "3.00")]
    [InlineData("0", "3.00", "1", "C62", "3.00")]
    [InlineData("12.345", "0", "12.345", "KWH", "0")]
    [InlineData("3", "1.00", "3", "KWH", "0.333333")]
    public void A_line_quantity_carries_its_sign_and_the_price_stays_non_negative(string kwh, string amount, string quantity, string unit, string price)
    {
        var net = decimal.Parse(amount, CultureInfo.InvariantCulture);

        var (q, u, p) = StatementUbl.QuantityAndPrice(decimal.Parse(kwh, CultureInfo.InvariantCulture), net);

        (q, u, p).ShouldBe((decimal.Parse(quantity, CultureInfo.InvariantCulture), unit, decimal.Parse(price, CultureInfo.InvariantCulture)));
        Math.Abs(q * p - net).ShouldBeLessThanOrEqualTo(0.02m);
    }

    [Theory]
    [InlineData("UBL-Invoice-2.1-Example.xml")]
    [InlineData("UBL-CreditNote-2.1-Example.xml")]
    public void The_specifications_examples_are_schema_valid(string example)
    {
        using var file = File.OpenRead(Path.Combine(RepositoryRoot(), "spec", "ubl-2.1", "examples", example));

        UblSchemaValidator.Default.Validate(file).ShouldBeEmpty();
    }

    [Fact]
    public void The_validator_reports_a_document_out_of_schema_order_and_refuses_a_dtd()
    {
        var root = XDocument.Load(new MemoryStream(Ubl.Render(Of([new Line(1m, 19)])))).Root!;
        var id = root.Element(Cbc + "ID")!;
        id.Remove();
        root.Add(id);
        UblSchemaValidator.Default.Validate(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(root.ToString()))).ShouldNotBeEmpty();

        const string withEntity = "<?xml version=\"1.0\"?><!DOCTYPE Invoice [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">&x;</Invoice>";
        UblSchemaValidator.Default.Validate(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(withEntity))).ShouldHaveSingleItem().ShouldContain("not well-formed");
    }

    public static TheoryData<string, string, string, string> Tampered => new()
    {
        { "LegalMonetaryTotal", "LineExtensionAmount", "99.99", "BR-CO-10" },
        { "LegalMonetaryTotal", "TaxExclusiveAmount", "99.99", "BR-CO-13" },
        { "TaxTotal", "TaxAmount", "99.99", "BR-CO-14" },
        { "LegalMonetaryTotal", "TaxInclusiveAmount", "99.99", "BR-CO-15" },
        { "LegalMonetaryTotal", "PayableAmount", "99.99", "BR-CO-16" },
        { "LegalMonetaryTotal", "PayableAmount", "47.6000", "BR-DEC-18" },
        { "TaxSubtotal", "TaxableAmount", "39.99", "BR-S-08" },
        { "TaxSubtotal", "TaxAmount", "8.60", "BR-S-09" },
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public void A_document_whose_arithmetic_was_changed_breaks_the_rule(string parent, string element, string value, string rule)
    {
        var document = XDocument.Load(new MemoryStream(Ubl.Render(Of([new Line(30.00m, 19), new Line(10.00m, 19)]))));
        document.Descendants(Cac + parent).First().Element(Cbc + element)!.Value = value;

        En16931Rules.Check(document).ShouldContain(rule);
    }

    [Theory]
    [InlineData("7.60", true)]
    [InlineData("8.59", true)]
    [InlineData("8.60", false)]
    [InlineData("6.61", true)]
    [InlineData("6.60", false)]
    public void The_vat_of_a_rate_may_differ_from_taxable_times_rate_by_less_than_one_unit(string vat, bool holds) =>
        En16931Rules.VatWithinTolerance(40.00m, 19, decimal.Parse(vat, CultureInfo.InvariantCulture)).ShouldBe(holds);

    private static readonly Gen<Line> Lines =
        from cents in Gen.Choose(-20_000, 150_000)
        from rate in Gen.Elements(19m, 7m, 0m, 20m, 21m, 5.5m, 8.1m)
        from kind in Gen.Elements(StatementLineKinds.Charge, StatementLineKinds.Charge, StatementLineKinds.Correction)
        from milliKwh in Gen.Choose(0, 150_000)
        select new Line(cents / 100m, rate, kind, milliKwh / 1000m, CorrectsInvoice: kind == StatementLineKinds.Correction ? "DECPO-2026-0003" : null);

    /// <summary>Any statement (invoice or credit note, either billing direction, any mix of rates and corrections): schema valid, every rule holds, totals equal the statement's.</summary>
    [Property(MaxTest = 60)]
    public Property Every_statement_renders_a_valid_e_invoice_with_its_totals() => Prop.ForAll(
        (from lines in Lines.NonEmptyListOf()
         from billing in Gen.Elements(BillingDirections.CpoInvoicesEmsp, BillingDirections.EmspSelfBills)
         select Of(lines, billing)).ToArbitrary(),
        statement =>
        {
            var bytes = Ubl.Render(statement);
            var root = XDocument.Load(new MemoryStream(bytes));
            var sign = statement.IsCreditNote ? -1 : 1;
            var totals = root.Root!.Element(Cac + "LegalMonetaryTotal")!;
            return UblSchemaValidator.Default.Validate(new MemoryStream(bytes)).Count == 0
                   && En16931Rules.Check(root).Count == 0
                   && Amount(totals, "TaxExclusiveAmount") == sign * statement.Totals.ExclVat
                   && Amount(totals, "PayableAmount") == sign * statement.Totals.InclVat
                   && Amount(root.Root!, "TaxTotal", "TaxAmount") == sign * statement.Totals.Vat;
        });

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Roaming.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new DirectoryNotFoundException("repository root (Roaming.sln) not found");
    }
}
