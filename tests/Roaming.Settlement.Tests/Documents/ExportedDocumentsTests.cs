using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Roaming.Contracts.Settlement.V1;
using Roaming.Settlement.Documents.Ubl;
using Roaming.Settlement.Tests.Integration;
using Shouldly;
using Xunit;
using static Roaming.Settlement.Tests.Statements.ClosingPeriodsTests;
using static Roaming.Settlement.Tests.Statements.StatementFixtures;

namespace Roaming.Settlement.Tests.Documents;

/// <summary>
/// Statements closed by the real period close, exported through the operator API: the UBL e-invoice is schema valid,
/// passes the EN 16931 calculation rules and carries the statement's totals; CSV and PDF come with them.
/// </summary>
public sealed class ExportedDocumentsTests(SettlementHost host) : IClassFixture<SettlementHost>
{
    private static readonly XNamespace Cac = UblNames.Cac;
    private static readonly XNamespace Cbc = UblNames.Cbc;

    [Fact]
    public async Task A_closed_month_exports_a_valid_e_invoice_with_the_statements_totals_and_its_csv_and_pdf()
    {
        await Seed(host, Agreement(operatorId: "DE*DX1"),
            Cdr("A", 10.00m, Utc(2026, 10, 3), operatorId: "DE*DX1"),
            Cdr("B", 12.34m, Utc(2026, 10, 20), operatorId: "DE*DX1", country: "NL"),
            Cdr("C", -4.20m, Utc(2026, 10, 21), operatorId: "DE*DX1", credit: true),
            Cdr("D", 0.05m, Utc(2026, 10, 22), operatorId: "DE*DX1"));
        var statement = await (await Close(host, "DE*DX1", "DE*MSP", "2026-10")).Content.ReadFromJsonAsync<JsonElement>();
        var path = $"/api/settlement/statements/{Uri.EscapeDataString(statement.GetProperty("id").GetString()!)}/export";

        var root = await ValidUbl(path);

        root.Element(Cbc + "InvoiceTypeCode")!.Value.ShouldBe("380");
        root.Element(Cbc + "ID")!.Value.ShouldBe(statement.GetProperty("invoice_number").GetString());
        root.Elements(Cac + "InvoiceLine").Count().ShouldBe(4);
        var totals = statement.GetProperty("totals");
        Amount(root.Element(Cac + "LegalMonetaryTotal")!, "TaxExclusiveAmount").ShouldBe(totals.GetProperty("excl_vat").GetDecimal());
        Amount(root.Element(Cac + "TaxTotal")!, "TaxAmount").ShouldBe(totals.GetProperty("vat").GetDecimal());
        Amount(root.Element(Cac + "LegalMonetaryTotal")!, "PayableAmount").ShouldBe(totals.GetProperty("incl_vat").GetDecimal());
        root.Element(Cac + "TaxTotal")!.Elements(Cac + "TaxSubtotal").Select(s => s.Element(Cac + "TaxCategory")!.Element(Cbc + "Percent")!.Value)
            .ShouldBe(["21", "19"]);

        var csv = await host.Api.GetAsync(path + "?format=csv");
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        CsvDocumentTests.Parse(await csv.Content.ReadAsByteArrayAsync()).Count.ShouldBe(5);
        var pdf = await host.Api.GetAsync(path + "?format=pdf");
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        string.Join("\n", PdfDocumentTests.TextOfPages(await pdf.Content.ReadAsByteArrayAsync())).ShouldContain(statement.GetProperty("invoice_number").GetString()!);
    }

    [Fact]
    public async Task A_self_billed_month_of_only_credits_exports_a_self_billed_credit_note()
    {
        await Seed(host, Agreement(operatorId: "DE*DX2", billing: BillingDirections.EmspSelfBills),
            Cdr("A", -10.00m, Utc(2026, 10, 3), operatorId: "DE*DX2", credit: true),
            Cdr("B", 2.00m, Utc(2026, 10, 4), operatorId: "DE*DX2"));
        var statement = await (await Close(host, "DE*DX2", "DE*MSP", "2026-10")).Content.ReadFromJsonAsync<JsonElement>();

        var root = await ValidUbl($"/api/settlement/statements/{Uri.EscapeDataString(statement.GetProperty("id").GetString()!)}/export");

        root.Name.ShouldBe(UblNames.CreditNote + "CreditNote");
        root.Element(Cbc + "CreditNoteTypeCode")!.Value.ShouldBe("261");
        Amount(root.Element(Cac + "LegalMonetaryTotal")!, "PayableAmount").ShouldBe(-statement.GetProperty("totals").GetProperty("incl_vat").GetDecimal());
        // When the e-MSP self-bills, the agreement's recipient is the seller (Agreement.Seller), and the UBL supplier is the seller.
        var agreement = Agreement(operatorId: "DE*DX2", billing: BillingDirections.EmspSelfBills);
        root.Element(Cac + "AccountingSupplierParty")!.Descendants(Cbc + "RegistrationName").Single().Value.ShouldBe(agreement.Seller.Name);
        root.Element(Cac + "AccountingCustomerParty")!.Descendants(Cbc + "RegistrationName").Single().Value.ShouldBe(agreement.Buyer.Name);
    }

    private async Task<XElement> ValidUbl(string path)
    {
        var response = await host.Api.GetAsync(path + "?format=ubl");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        UblSchemaValidator.Default.Validate(new MemoryStream(bytes)).ShouldBeEmpty();
        var document = XDocument.Load(new MemoryStream(bytes));
        En16931Rules.Check(document).ShouldBeEmpty();
        return document.Root!;
    }

    private static decimal Amount(XElement parent, string name) =>
        decimal.Parse(parent.Element(Cbc + name)!.Value, CultureInfo.InvariantCulture);
}
