using PdfSharp.Drawing;
using PdfSharp.Pdf;
using NodaTime.Text;
using Roaming.Contracts.Settlement.V1;
using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Documents.Pdf;

/// <summary>
/// The statement as a PDF a person would send: the document's kind and number, dates and period, seller and buyer,
/// totals per VAT rate and overall, the disputes noted, a chart of daily energy and amount, then every line in a table
/// that breaks across pages with its header repeated. A4, DejaVu Sans embedded.
/// </summary>
public sealed class StatementPdf : IStatementDocument
{
    private static readonly LocalDatePattern Date = LocalDatePattern.Iso;

    public string Format => "pdf";
    public string ContentType => "application/pdf";
    public string FileExtension => "pdf";

    public void Write(Statement statement, Stream output)
    {
        var fonts = PdfFonts.Default;
        using var document = new PdfDocument();
        document.Info.Title = $"{TitleOf(statement)} {statement.InvoiceNumber}";
        document.Info.Subject = $"Settlement statement {statement.Id}";
        document.Info.Author = statement.IssuerId;
        using (var flow = new PdfPageFlow(document))
        {
            WriteHeader(flow, statement, fonts);
            WriteParties(flow, statement, fonts);
            WriteTotals(flow, statement, fonts);
            WriteDisputes(flow, statement, fonts);
            DailyChart.Draw(flow, statement, fonts);
            StatementLinesTable.Draw(flow, statement, fonts);
            flow.NumberPages($"{TitleOf(statement)} {statement.InvoiceNumber} · {statement.Period}", fonts.Small);
        }
        document.Save(output, closeStream: false);
    }

    public static string TitleOf(Statement statement) =>
        (statement.IsCreditNote, statement.Billing == BillingDirections.EmspSelfBills) switch
        {
            (false, false) => "INVOICE",
            (false, true) => "SELF-BILLING INVOICE",
            (true, false) => "CREDIT NOTE",
            (true, true) => "SELF-BILLING CREDIT NOTE",
        };

    private static void WriteHeader(PdfPageFlow flow, Statement statement, PdfFonts fonts)
    {
        var g = flow.Graphics;
        g.DrawString(TitleOf(statement), fonts.Title, XBrushes.Black, new XRect(flow.Left, flow.Y, flow.Width / 2, 20), XStringFormats.TopLeft);
        if (statement.Billing == BillingDirections.EmspSelfBills)
            g.DrawString("Issued by the buyer on behalf of the seller (self-billing)", fonts.Text, XBrushes.Black,
                new XRect(flow.Left, flow.Y + 22, flow.Width / 2, 12), XStringFormats.TopLeft);

        var facts = new (string Label, string Value)[]
        {
            ("Number", statement.InvoiceNumber),
            ("Issue date", Date.Format(statement.IssueDate)),
            (statement.IsCreditNote ? "Credited by" : "Due date", Date.Format(statement.DueDate)),
            ("Period", $"{statement.Period} ({Date.Format(statement.PeriodStart)} – {Date.Format(statement.PeriodEnd.PlusDays(-1))})"),
            ("Statement", statement.Id),
            ("Currency", statement.Currency),
        };
        var x = flow.Left + flow.Width * 0.55;
        var y = flow.Y;
        foreach (var (label, value) in facts)
        {
            g.DrawString(label, fonts.TextBold, XBrushes.Black, new XRect(x, y, 70, 11), XStringFormats.TopLeft);
            g.DrawString(value, fonts.Text, XBrushes.Black, new XRect(x + 70, y, flow.Width * 0.45 - 70, 11), XStringFormats.TopLeft);
            y += 11;
        }
        flow.Y = y + 12;
    }

    private static void WriteParties(PdfPageFlow flow, Statement statement, PdfFonts fonts)
    {
        var width = flow.Width / 2 - 10;
        var seller = Party(flow, "Seller (charge point operator)", statement.OperatorId, statement.Seller, flow.Left, width, fonts);
        var buyer = Party(flow, "Buyer (mobility service provider)", statement.ProviderId, statement.Buyer, flow.Left + flow.Width / 2, width, fonts);
        flow.Y = Math.Max(seller, buyer) + 12;
    }

    private static double Party(PdfPageFlow flow, string role, string partyId, PartyDetails party, double x, double width, PdfFonts fonts)
    {
        var g = flow.Graphics;
        var y = flow.Y;
        g.DrawString(role, fonts.Heading, XBrushes.Black, new XRect(x, y, width, 12), XStringFormats.TopLeft);
        y += 13;
        var rows = new List<(XFont Font, string Text)> { (fonts.TextBold, party.Name) };
        rows.AddRange(party.Address.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => (fonts.Text, l)));
        if (party.VatId is { Length: > 0 })
            rows.Add((fonts.Text, $"VAT id {party.VatId}"));
        rows.Add((fonts.Text, $"Party {partyId}"));
        foreach (var (font, text) in rows)
        {
            g.DrawString(text, font, XBrushes.Black, new XRect(x, y, width, 11), XStringFormats.TopLeft);
            y += 11;
        }
        return y;
    }

    private static void WriteTotals(PdfPageFlow flow, Statement statement, PdfFonts fonts)
    {
        var currency = statement.Currency;
        var columns = new[] { 0.0, 0.22, 0.40, 0.60, 0.80, 1.0 }.Select(f => flow.Left + f * flow.Width).ToArray();
        flow.Reserve(14 + 11 * (statement.VatBreakdown.Count + 4));
        var g = flow.Graphics;
        g.DrawString("Totals per VAT rate", fonts.Heading, XBrushes.Black, new XRect(flow.Left, flow.Y, flow.Width, 12), XStringFormats.TopLeft);
        flow.Y += 14;
        Row(["Country of supply", "VAT rate", $"Taxable ({currency})", $"VAT ({currency})", $"Incl. VAT ({currency})"], fonts.TextBold);
        g.DrawLine(XPens.Gray, flow.Left, flow.Y, flow.Left + flow.Width, flow.Y);
        foreach (var rate in statement.VatBreakdown)
            Row([rate.CountryOfSupply, $"{AmountText.Plain(rate.VatRate)} %", SettlementMoney.Text(rate.TaxableAmount, currency),
                SettlementMoney.Text(rate.VatAmount, currency), SettlementMoney.Text(rate.AmountInclVat, currency)], fonts.Text);
        g.DrawLine(XPens.Gray, flow.Left, flow.Y, flow.Left + flow.Width, flow.Y);
        Row(["Total", "", SettlementMoney.Text(statement.Totals.ExclVat, currency), SettlementMoney.Text(statement.Totals.Vat, currency),
            SettlementMoney.Text(statement.Totals.InclVat, currency)], fonts.TextBold);
        var payable = statement.IsCreditNote ? "Amount credited" : "Amount due";
        Row([$"{payable} ({currency})", "", "", "", SettlementMoney.Text(Math.Abs(statement.Totals.InclVat), currency)], fonts.TextBold);
        flow.Y += 10;

        void Row(string[] cells, XFont font)
        {
            for (var i = 0; i < cells.Length; i++)
                g.DrawString(cells[i], font, XBrushes.Black, new XRect(columns[i] + 2, flow.Y + 1, columns[i + 1] - columns[i] - 4, 10),
                    i == 0 ? XStringFormats.TopLeft : XStringFormats.TopRight);
            flow.Y += 11;
        }
    }

    private static void WriteDisputes(PdfPageFlow flow, Statement statement, PdfFonts fonts)
    {
        if (statement.Disputes.Count == 0)
            return;
        flow.Reserve(14 + 11);
        flow.Graphics.DrawString("Disputes", fonts.Heading, XBrushes.Black, new XRect(flow.Left, flow.Y, flow.Width, 12), XStringFormats.TopLeft);
        flow.Y += 14;
        foreach (var dispute in statement.Disputes)
        {
            flow.Reserve(11);
            var outcome = dispute.Outcome is null ? "" : $", outcome: {dispute.Outcome}";
            flow.Graphics.DrawString($"{dispute.DisputeId} on CDR {dispute.CdrId}: {dispute.Status} ({dispute.Reason}{outcome})", fonts.Text,
                XBrushes.Black, new XRect(flow.Left, flow.Y, flow.Width, 11), XStringFormats.TopLeft);
            flow.Y += 11;
        }
        flow.Y += 10;
    }
}
