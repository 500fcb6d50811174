using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;
using Roaming.Contracts.Settlement.V1;
using Roaming.Settlement.Documents.Pdf;
using Roaming.Settlement.Statements;
using Shouldly;
using Xunit;
using static Roaming.Settlement.Tests.Documents.Statements;

namespace Roaming.Settlement.Tests.Documents;

/// <summary>The PDF is read back with PDFsharp: pages, and the text drawn on them (WinAnsi strings in the content streams).</summary>
public class PdfDocumentTests
{
    private static readonly StatementPdf Pdf = new();

    [Fact]
    public void The_pdf_shows_the_kind_number_parties_totals_and_every_line()
    {
        var statement = Of([new Line(10.00m, 19), new Line(20.50m, 7), new Line(-1.25m, 19, StatementLineKinds.Correction, CorrectsInvoice: "DECPO-2026-0006")],
            disputes: [new StatementDisputeNote("D-1", "CDR-00009", "open", "meter reading too high", null)]);

        var pages = TextOfPages(Pdf.Render(statement));

        var text = string.Join("\n", pages);
        text.ShouldContain("INVOICE");
        text.ShouldContain(statement.InvoiceNumber);
        text.ShouldContain(Cpo.Name);
        text.ShouldContain(Emsp.Name);
        text.ShouldContain("VAT id DE123456789");
        text.ShouldContain("Lines (3)");
        foreach (var cdr in statement.Lines.Select(l => l.CdrId))
            text.ShouldContain(cdr);
        text.ShouldContain("29.25");   // total excl. VAT
        text.ShouldContain(statement.Totals.InclVat.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        text.ShouldContain("corrects invoice DECPO-2026-0006");
        text.ShouldContain("D-1 on CDR CDR-00009: open (meter reading too high)");
        pages.Last().ShouldContain($"page {pages.Count} of {pages.Count}");
    }

    [Theory]
    [InlineData(false, BillingDirections.CpoInvoicesEmsp, "INVOICE")]
    [InlineData(false, BillingDirections.EmspSelfBills, "SELF-BILLING INVOICE")]
    [InlineData(true, BillingDirections.CpoInvoicesEmsp, "CREDIT NOTE")]
    [InlineData(true, BillingDirections.EmspSelfBills, "SELF-BILLING CREDIT NOTE")]
    public void The_title_says_what_the_document_is(bool net_negative, string billing, string title)
    {
        var statement = Of([new Line(net_negative ? -10m : 10m, 19)], billing);

        StatementPdf.TitleOf(statement).ShouldBe(title);
        TextOfPages(Pdf.Render(statement))[0].ShouldContain(title);
    }

    [Fact]
    public void A_long_statement_breaks_over_pages_with_the_table_header_on_each()
    {
        var few = TextOfPages(Pdf.Render(Of(Enumerable.Range(0, 10).Select(i => new Line(1m + i, 19, Day: 1 + i % 30)))));
        var many = TextOfPages(Pdf.Render(Of(Enumerable.Range(0, 600).Select(i => new Line(1m + i % 50, 19, Day: 1 + i % 30)))));

        few.Count.ShouldBe(1);
        many.Count.ShouldBeGreaterThan(6);
        many.Skip(1).ShouldAllBe(page => page.Contains("Session start") && page.Contains("Incl. VAT"));
        var text = string.Join("\n", many);
        text.ShouldContain("CDR-00600");
        text.ShouldContain("Lines (600)");
    }

    [Fact]
    public void A_36_character_cdr_id_is_printed_in_full()
    {
        const string uuid = "0190a3c4-7e1f-7d2a-9b3c-4d5e6f708192";
        var statement = Of([LineOf(1, new Line(10m, 19)) with { CdrId = uuid, LocationId = "LOCATION-WITH-A-VERY-LONG-IDENTIFIER-0001" }]);

        var text = TextOfPages(Pdf.Render(statement))[0];

        text.ShouldContain(uuid);
        // The location column keeps the end of what does not fit.
        text.ShouldNotContain("LOCATION-WITH-A-VERY-LONG-IDENTIFIER-0001");
        text.ShouldContain("0001 / DE*CPO*E1");
    }

    [Fact]
    public void An_empty_statement_still_renders()
    {
        var pages = TextOfPages(Pdf.Render(Of(Array.Empty<Line>())));

        pages.ShouldHaveSingleItem().ShouldContain("Lines (0)");
    }

    [Fact]
    public void The_chart_sums_energy_and_amount_per_day_of_the_period()
    {
        var statement = Of([new Line(10m, 19, Kwh: 5m, Day: 2), new Line(4m, 19, Kwh: 2m, Day: 2), new Line(3m, 19, Kwh: 1m, Day: 30)]);

        var days = DailyChart.DaysOf(statement);

        days.Count.ShouldBe(30);
        days[1].ShouldBe(new DailyChart.Day(new NodaTime.LocalDate(2026, 11, 2), 7m, 14m));
        days[29].ShouldBe(new DailyChart.Day(new NodaTime.LocalDate(2026, 11, 30), 1m, 3m));
        days.Sum(d => d.EnergyKwh).ShouldBe(8m);
    }

    /// <summary>The chart has one bar per day of the period and sums every line of the period exactly once.</summary>
    [Property(MaxTest = 100)]
    public Property The_chart_sums_every_line_of_the_period_once() => Prop.ForAll(
        (from day in Gen.Choose(1, 30)
         from cents in Gen.Choose(-5_000, 50_000)
         from milliKwh in Gen.Choose(0, 80_000)
         select new Line(cents / 100m, 19, Kwh: milliKwh / 1000m, Day: day)).ListOf().ToArbitrary(),
        lines =>
        {
            var statement = Of(lines);
            var days = DailyChart.DaysOf(statement);
            return days.Count == 30
                   && days.Sum(d => d.EnergyKwh) == statement.Lines.Sum(l => l.EnergyKwh)
                   && days.Sum(d => d.AmountExclVat) == statement.Totals.ExclVat;
        });

    /// <summary>The strings drawn on each page, one per text operation, joined by line breaks.</summary>
    internal static IReadOnlyList<string> TextOfPages(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        return document.Pages.Cast<PdfPage>().Select(page =>
        {
            var text = new StringBuilder();
            Collect(ContentReader.ReadContent(page), text);
            return text.ToString();
        }).ToList();
    }

    private static void Collect(CObject content, StringBuilder text)
    {
        switch (content)
        {
            case COperator { OpCode.Name: "Tj" or "'" or "\"" or "TJ" } op:
                foreach (var s in op.Operands.OfType<CString>().Concat(op.Operands.OfType<CArray>().SelectMany(a => a.OfType<CString>())))
                    text.Append(s.Value);
                text.Append('\n');
                break;
            case CSequence sequence:
                foreach (var item in sequence)
                    Collect(item, text);
                break;
        }
    }
}
