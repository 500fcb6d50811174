using NodaTime;
using PdfSharp.Drawing;
using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Documents.Pdf;

/// <summary>
/// Energy (bars, kWh, left axis) and net amount (line, right axis) per local day of the period, drawn with XGraphics.
/// Lines whose session started outside the period (corrections of earlier periods) are summed under the chart instead.
/// </summary>
public static class DailyChart
{
    private const double Height = 150;
    private static readonly XColor EnergyColor = XColor.FromArgb(120, 160, 210);
    private static readonly XColor AmountColor = XColor.FromArgb(200, 80, 40);

    public sealed record Day(LocalDate Date, decimal EnergyKwh, decimal AmountExclVat);

    /// <summary>Every day of the period (zeros included) with the sums of the lines whose session started that day.</summary>
    public static IReadOnlyList<Day> DaysOf(Statement statement)
    {
        var sums = statement.Lines
            .GroupBy(l => l.SessionStart.Date)
            .ToDictionary(g => g.Key, g => (Energy: g.Sum(l => l.EnergyKwh), Amount: g.Sum(l => l.AmountExclVat)));
        var days = new List<Day>();
        for (var date = statement.PeriodStart; date < statement.PeriodEnd; date = date.PlusDays(1))
        {
            var (energy, amount) = sums.GetValueOrDefault(date);
            days.Add(new Day(date, energy, amount));
        }
        return days;
    }

    internal static void Draw(PdfPageFlow flow, Statement statement, PdfFonts fonts)
    {
        var days = DaysOf(statement);
        if (days.Count == 0)
            return;
        flow.Reserve(14 + Height + 34);
        var g = flow.Graphics;
        g.DrawString($"Energy (kWh, bars) and amount excl. VAT ({statement.Currency}, line) per day", fonts.Heading, XBrushes.Black,
            new XRect(flow.Left, flow.Y, flow.Width, 12), XStringFormats.TopLeft);
        flow.Y += 14;

        var plot = new XRect(flow.Left + 40, flow.Y + 4, flow.Width - 80, Height - 20);
        var energy = Scale.Of(days.Select(d => d.EnergyKwh));
        var amount = Scale.Of(days.Select(d => d.AmountExclVat));
        g.DrawRectangle(XPens.LightGray, plot);

        var slot = plot.Width / days.Count;
        var energyBrush = new XSolidBrush(EnergyColor);
        for (var i = 0; i < days.Count; i++)
        {
            var top = energy.Y(plot, Math.Max(days[i].EnergyKwh, 0));
            var bottom = energy.Y(plot, Math.Min(days[i].EnergyKwh, 0));
            if (bottom - top > 0)
                g.DrawRectangle(energyBrush, plot.Left + i * slot + slot * 0.15, top, slot * 0.7, bottom - top);
            if (days.Count <= 10 || i % 5 == 0 || i == days.Count - 1)
                g.DrawString(days[i].Date.Day.ToString(System.Globalization.CultureInfo.InvariantCulture), fonts.Small, XBrushes.Black,
                    new XRect(plot.Left + i * slot, plot.Bottom + 2, slot, 8), XStringFormats.TopCenter);
        }
        var points = days.Select((d, i) => new XPoint(plot.Left + (i + 0.5) * slot, amount.Y(plot, d.AmountExclVat))).ToArray();
        var amountPen = new XPen(AmountColor, 1.2);
        if (points.Length > 1)
            g.DrawLines(amountPen, points);
        foreach (var point in points)
            g.DrawEllipse(new XSolidBrush(AmountColor), point.X - 1.3, point.Y - 1.3, 2.6, 2.6);

        Axis(g, fonts, plot, energy, plot.Left - 2, XStringFormats.TopRight, "kWh");
        Axis(g, fonts, plot, amount, plot.Right + 2, XStringFormats.TopLeft, statement.Currency);
        flow.Y = plot.Bottom + 14;

        var outside = statement.Lines.Where(l => l.SessionStart.Date < statement.PeriodStart || l.SessionStart.Date >= statement.PeriodEnd).ToList();
        if (outside.Count > 0)
        {
            g.DrawString($"Not charted: {outside.Count} line(s) for sessions outside the period, {AmountText.Plain(outside.Sum(l => l.EnergyKwh))} kWh, " +
                         $"{SettlementMoney.Text(outside.Sum(l => l.AmountExclVat), statement.Currency)} {statement.Currency} excl. VAT",
                fonts.Small, XBrushes.Black, new XRect(flow.Left, flow.Y, flow.Width, 9), XStringFormats.TopLeft);
            flow.Y += 10;
        }
        flow.Y += 10;
    }

    private static void Axis(XGraphics g, PdfFonts fonts, XRect plot, Scale scale, double x, XStringFormat alignment, string unit)
    {
        foreach (var value in new[] { scale.Min, (scale.Min + scale.Max) / 2, scale.Max }.Distinct())
        {
            var y = scale.Y(plot, value);
            var box = alignment == XStringFormats.TopRight ? new XRect(x - 40, y - 3, 40, 8) : new XRect(x, y - 3, 40, 8);
            g.DrawString(AmountText.Plain(Math.Round(value, 1)), fonts.Small, XBrushes.Black, box, alignment);
        }
        var label = alignment == XStringFormats.TopRight ? new XRect(x - 40, plot.Top - 10, 40, 8) : new XRect(x, plot.Top - 10, 40, 8);
        g.DrawString(unit, fonts.Small, XBrushes.Black, label, alignment);
    }

    /// <summary>A value axis from min(0, values) to max(0, values), never empty.</summary>
    private sealed record Scale(decimal Min, decimal Max)
    {
        public static Scale Of(IEnumerable<decimal> values)
        {
            var list = values.ToList();
            var min = Math.Min(0, list.Min());
            var max = Math.Max(0, list.Max());
            return max == min ? new Scale(min, min + 1) : new Scale(min, max);
        }

        public double Y(XRect plot, decimal value) => plot.Bottom - (double)((value - Min) / (Max - Min)) * plot.Height;
    }
}
