using NodaTime.Text;
using PdfSharp.Drawing;
using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Documents.Pdf;

/// <summary>The statement's lines as a table that continues over as many pages as it needs, its header on each.</summary>
internal static class StatementLinesTable
{
    private const double RowHeight = 9.5;
    private static readonly LocalDateTimePattern SessionStart = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm");
    private static readonly DurationPattern Time = DurationPattern.CreateWithInvariantCulture("-H:mm");

    private sealed record Column(string Title, double Width, bool Numeric);

    // 535 pt between the margins; the CDR column is wide enough for a 36-character id (an OCPI UUID), so the id a
    // reader reconciles against is never shortened.
    private static readonly Column[] Columns =
    [
        new("#", 18, true), new("Kind", 34, false), new("CDR", 142, false), new("Session start", 62, false),
        new("Location / EVSE", 70, false), new("kWh", 30, true), new("Time", 26, true), new("Excl. VAT", 45, true),
        new("VAT %", 26, true), new("VAT", 34, true), new("Incl. VAT", 45, true),
    ];

    public static void Draw(PdfPageFlow flow, Statement statement, PdfFonts fonts)
    {
        flow.Reserve(14 + 2 * RowHeight);
        flow.Graphics.DrawString($"Lines ({statement.Lines.Count})", fonts.Heading, XBrushes.Black,
            new XRect(flow.Left, flow.Y, flow.Width, 12), XStringFormats.TopLeft);
        flow.Y += 14;
        DrawHeader(flow, fonts);
        flow.PageStarted = () => DrawHeader(flow, fonts);

        var currency = statement.Currency;
        foreach (var line in statement.Lines)
        {
            var note = NoteOf(line);
            flow.Reserve(RowHeight * (note is null ? 1 : 2));
            DrawRow(flow, fonts.Table,
            [
                line.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), line.Kind, line.CdrId,
                SessionStart.Format(line.SessionStart), string.Join(" / ", new[] { line.LocationId, line.EvseId }.Where(s => !string.IsNullOrEmpty(s))),
                AmountText.Plain(line.EnergyKwh), Time.Format(line.ChargingTime), SettlementMoney.Text(line.AmountExclVat, currency),
                AmountText.Plain(line.VatRate), SettlementMoney.Text(line.VatAmount, currency), SettlementMoney.Text(line.AmountInclVat, currency),
            ]);
            if (note is not null)
            {
                flow.Graphics.DrawString(note, fonts.Small, XBrushes.DimGray,
                    new XRect(flow.Left + Columns[0].Width + Columns[1].Width + 2, flow.Y, flow.Width, RowHeight), XStringFormats.TopLeft);
                flow.Y += RowHeight;
            }
        }
        flow.PageStarted = null;
        flow.Graphics.DrawLine(XPens.Gray, flow.Left, flow.Y + 1, flow.Left + flow.Width, flow.Y + 1);
        flow.Y += 3;
        flow.Reserve(RowHeight);
        DrawRow(flow, fonts.TableBold,
        [
            "", "Total", "", "", "", AmountText.Plain(statement.Lines.Sum(l => l.EnergyKwh)), "",
            SettlementMoney.Text(statement.Totals.ExclVat, currency), "", SettlementMoney.Text(statement.Totals.Vat, currency),
            SettlementMoney.Text(statement.Totals.InclVat, currency),
        ]);
    }

    private static string? NoteOf(StatementLine line) =>
        (line.CorrectsInvoiceNumber, line.Note) switch
        {
            (null, null) => null,
            (null, var note) => note,
            (var invoice, null) => $"corrects invoice {invoice}",
            var (invoice, note) => $"corrects invoice {invoice}: {note}",
        };

    private static void DrawHeader(PdfPageFlow flow, PdfFonts fonts)
    {
        flow.Graphics.DrawRectangle(XBrushes.WhiteSmoke, flow.Left, flow.Y, flow.Width, RowHeight + 1);
        DrawRow(flow, fonts.TableBold, Columns.Select(c => c.Title).ToArray());
        flow.Graphics.DrawLine(XPens.Gray, flow.Left, flow.Y, flow.Left + flow.Width, flow.Y);
        flow.Y += 1;
    }

    private static void DrawRow(PdfPageFlow flow, XFont font, string[] cells)
    {
        var x = flow.Left;
        for (var i = 0; i < Columns.Length; i++)
        {
            var column = Columns[i];
            var box = new XRect(x + 1.5, flow.Y + 1, column.Width - 3, RowHeight);
            var text = column.Numeric ? cells[i] : Fit(flow.Graphics, cells[i], font, box.Width);
            flow.Graphics.DrawString(text, font, XBrushes.Black, box, column.Numeric ? XStringFormats.TopRight : XStringFormats.TopLeft);
            x += column.Width;
        }
        flow.Y += RowHeight;
    }

    /// <summary>Shortens text that would run into the next column, keeping its end (CDR and EVSE ids differ at the end).</summary>
    private static string Fit(XGraphics graphics, string text, XFont font, double width)
    {
        // Most cells fit by length alone (no glyph of DejaVu Sans is wider than 0.9 em, few digits and letters over 0.7 em).
        if (text.Length * font.Size * 0.9 <= width || graphics.MeasureString(text, font).Width <= width)
            return text;
        var (fits, tooLong) = (0, text.Length);
        while (tooLong - fits > 1)
        {
            var keep = (fits + tooLong) / 2;
            if (graphics.MeasureString("…" + text[^keep..], font).Width <= width)
                fits = keep;
            else
                tooLong = keep;
        }
        return "…" + text[^fits..];
    }
}
