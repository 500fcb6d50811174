using System.Globalization;
using NodaTime.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Settlement.Reimbursement.Exports.Pdf;

/// <summary>
/// The PDF an employee gets for a month (pure rendering): employer and employee, the period, one row per session with
/// its energy, rate source, rate, amount and review status, the totals and what payroll pays. Signed meter data is
/// referenced per line (its full text is in the JSON export).
/// </summary>
public static class ReimbursementPdf
{
    private const double Margin = 40;
    private const double RowHeight = 13;
    private static readonly LocalDateTimePattern LocalTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    /// <summary>The table: header, x (left edge, or right edge for numbers), right-aligned.</summary>
    private static readonly (string Header, double X, bool Right)[] Columns =
    [
        ("#", Margin, false), ("Start", 54, false), ("End", 134, false), ("kWh", 236, true), ("Rate source", 244, false), ("Rate/kWh", 432, true),
        ("Amount", 478, true), ("Status", 486, false), ("Signed", 527, false),
    ];

    /// <summary>Room for the rate source, between its column and the next (right-aligned) one's widest figure.</summary>
    private const double RateSourceWidth = 144;

    public static void Write(ReimbursementStatement statement, Stream output)
    {
        ReimbursementPdfFonts.EnsureResolver();
        var regular = new XFont(ReimbursementPdfFonts.Family, 8);
        var bold = new XFont(ReimbursementPdfFonts.Family, 8, XFontStyleEx.Bold);
        var title = new XFont(ReimbursementPdfFonts.Family, 14, XFontStyleEx.Bold);
        var minor = Iso4217Currencies.MinorUnits(statement.Currency);
        using var document = new PdfDocument();
        document.Info.Title = $"Home charging reimbursement {statement.Period} {statement.EmployeeNumber}";

        var (gfx, y) = NewPage(document, statement, title, regular, bold, first: true);
        foreach (var line in statement.Lines)
        {
            if (y > 800 - 4 * RowHeight)
            {
                gfx.Dispose();
                (gfx, y) = NewPage(document, statement, title, regular, bold, first: false);
            }
            string[] cells =
            [
                line.LineNumber.ToString(CultureInfo.InvariantCulture), LocalTime.Format(line.Start), LocalTime.Format(line.End), Number(line.EnergyKwh, 3),
                Fit(gfx, line.RateSource, regular, RateSourceWidth), Number(line.RatePerKwh, 4), Number(line.Amount, minor), line.Status,
                line.SignedMeterData is null ? "" : "yes",
            ];
            for (var i = 0; i < cells.Length; i++)
                Draw(gfx, cells[i], regular, Columns[i].X, y, Columns[i].Right);
            y += RowHeight;
            if (line.DisputeReason is { } reason)
            {
                gfx.DrawString(Fit(gfx, $"Disputed by the employee: {reason}", regular, 400), regular, XBrushes.DimGray, new XPoint(Columns[1].X, y));
                y += RowHeight;
            }
        }
        y += RowHeight;
        gfx.DrawString($"Total: {Number(statement.TotalEnergyKwh, 3)} kWh, {Number(statement.TotalAmount, minor)} {statement.Currency}", bold, XBrushes.Black, new XPoint(Margin, y));
        y += RowHeight;
        gfx.DrawString($"Payable (without disputed and rejected lines): {Number(statement.PayableEnergyKwh(), 3)} kWh, {Number(statement.PayableAmount(), minor)} {statement.Currency}",
            bold, XBrushes.Black, new XPoint(Margin, y));
        y += RowHeight;
        gfx.DrawString("Expense refund of home charging: no VAT.", regular, XBrushes.Black, new XPoint(Margin, y));
        gfx.Dispose();
        document.Save(output, closeStream: false);
    }

    private static (XGraphics Graphics, double Y) NewPage(PdfDocument document, ReimbursementStatement statement, XFont title, XFont regular, XFont bold, bool first)
    {
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        var gfx = XGraphics.FromPdfPage(page);
        var y = Margin + 10;
        if (first)
        {
            gfx.DrawString("Reimbursement of home charging", title, XBrushes.Black, new XPoint(Margin, y));
            y += 22;
            foreach (var text in new[]
                     {
                         $"Employer: {statement.EmployerName} ({statement.EmployerId})",
                         $"Employee: {statement.EmployeeName}, no. {statement.EmployeeNumber}",
                         $"Period: {statement.Period} ({statement.TimeZone})    Currency: {statement.Currency}",
                         $"Statement: {statement.Id}",
                     })
            {
                gfx.DrawString(text, regular, XBrushes.Black, new XPoint(Margin, y));
                y += RowHeight;
            }
            y += RowHeight / 2;
        }
        foreach (var (header, x, right) in Columns)
            Draw(gfx, header, bold, x, y, right);
        gfx.DrawLine(XPens.Gray, Margin, y + 3, page.Width.Point - Margin, y + 3);
        return (gfx, y + RowHeight);
    }

    private static string Number(decimal value, int decimals) => value.ToString($"F{decimals}", CultureInfo.InvariantCulture);

    private static void Draw(XGraphics gfx, string text, XFont font, double x, double y, bool right) =>
        gfx.DrawString(text, font, XBrushes.Black, new XPoint(right ? x - gfx.MeasureString(text, font).Width : x, y));

    /// <summary>The text, cut with an ellipsis where it would run into the next column.</summary>
    private static string Fit(XGraphics gfx, string text, XFont font, double width)
    {
        if (gfx.MeasureString(text, font).Width <= width)
            return text;
        var length = text.Length;
        while (length > 1 && gfx.MeasureString(text[..length] + "…", font).Width > width)
            length--;
        return text[..length] + "…";
    }
}
