using NodaTime;
using PdfSharp.Pdf.IO;
using Roaming.Settlement.Reimbursement;
using Roaming.Settlement.Reimbursement.Exports.Pdf;
using Shouldly;
using Xunit;

namespace Roaming.Settlement.Tests.Reimbursement;

/// <summary>The employee's PDF: readable by a PDF reader, one page per 50-odd lines.</summary>
public class ReimbursementPdfTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 1)]
    [InlineData(150, 3)]
    public void renders_every_line_on_as_many_pages_as_needed(int lines, int pages)
    {
        var statement = Statement(lines);
        using var pdf = new MemoryStream();
        ReimbursementPdf.Write(statement, pdf);
        pdf.Position = 0;
        using var document = PdfReader.Open(pdf, PdfDocumentOpenMode.Import);
        document.PageCount.ShouldBe(pages);
        if (lines == 3)
            File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "roaming-reimbursement-sample.pdf"), pdf.ToArray());
    }

    private static ReimbursementStatement Statement(int count)
    {
        var lines = Enumerable.Range(1, count).Select(i => new ReimbursementLine(i, i % 3 == 0 ? "home_charger" : "mid_meter", $"r{i}", "MID-1",
            new LocalDateTime(2026, 11, 1 + i % 28, 19, 0), new LocalDateTime(2026, 11, 1 + i % 28, 22, 30), 7.25m, i % 2 == 0
                ? "employer rate DE 2026: BDEW household price 2026" : "tariff:T-TOU (energy contract)", 0.3258m, 2.36m, i % 3 == 0 ? "OCMF|{}" : null,
            i == 2 ? ReimbursementLineStatuses.Disputed : ReimbursementLineStatuses.Open, i == 2 ? "not my car" : null)).ToList();
        return new ReimbursementStatement("acme:erika:2026-11", "acme", "ACME GmbH", "erika", "4711", "Erika Mustermann", "2026-11", "Europe/Berlin", "EUR",
            lines, lines.Sum(l => l.EnergyKwh), lines.Sum(l => l.Amount), Instant.FromUtc(2026, 12, 2, 0, 0));
    }
}
