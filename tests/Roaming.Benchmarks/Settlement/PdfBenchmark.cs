using System.Diagnostics;
using System.Globalization;
using NodaTime;
using Roaming.Contracts.Settlement.V1;
using Roaming.Settlement.Documents;
using Roaming.Settlement.Documents.Csv;
using Roaming.Settlement.Documents.Pdf;
using Roaming.Settlement.Documents.Ubl;
using Roaming.Settlement.Statements;

namespace Roaming.Benchmarks.Settlement;

/// <summary>
/// <c>settlement-pdf [--lines N] [--runs R] [--out FILE]</c>: renders the PDF of one statement with N lines (default
/// 10,000; goal under 5 s) R times (default 3) and prints each run's time, the size and the page count; then the same
/// statement as UBL (with schema validation) and CSV for comparison. The first run includes loading the fonts and JIT.
/// </summary>
public static class PdfBenchmark
{
    public const string Verb = "settlement-pdf";

    public static int Run(string[] args)
    {
        var lines = int.Parse(Option(args, "--lines") ?? "10000", CultureInfo.InvariantCulture);
        var runs = int.Parse(Option(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
        var statement = StatementOf(lines);
        Console.WriteLine($"statement: {lines:N0} lines, {statement.Totals.InclVat:N2} {statement.Currency} incl. VAT");

        byte[] pdf = [];
        for (var run = 1; run <= runs; run++)
        {
            var (elapsed, bytes, allocated) = Measure(new StatementPdf(), statement);
            pdf = bytes;
            Console.WriteLine($"pdf run {run}: {elapsed.TotalSeconds:F2} s, {bytes.Length / 1024.0 / 1024.0:F2} MiB, {allocated / 1024.0 / 1024.0:F0} MiB allocated");
        }
        Console.WriteLine($"pdf pages: {PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import).PageCount}");

        var (ublTime, ubl, _) = Measure(new StatementUbl(), statement);
        var validation = Stopwatch.StartNew();
        var errors = UblSchemaValidator.Default.Validate(new MemoryStream(ubl));
        Console.WriteLine($"ubl: {ublTime.TotalSeconds:F2} s, {ubl.Length / 1024.0 / 1024.0:F2} MiB, schema check {validation.Elapsed.TotalSeconds:F2} s (incl. compiling the schemas): {errors.Count} errors");
        var (csvTime, csv, _) = Measure(new StatementCsv(), statement);
        Console.WriteLine($"csv: {csvTime.TotalSeconds:F2} s, {csv.Length / 1024.0 / 1024.0:F2} MiB");
        Console.WriteLine($"peak working set of the process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB");
        if (Option(args, "--out") is { } file)
            File.WriteAllBytes(file, pdf);
        return 0;
    }

    private static (TimeSpan Elapsed, byte[] Bytes, long Allocated) Measure(IStatementDocument document, Statement statement)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        using var output = new MemoryStream();
        document.Write(statement, output);
        watch.Stop();
        return (watch.Elapsed, output.ToArray(), GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>A month of sessions over 200 locations, every 20th line a correction, VAT 19 % rounded per line.</summary>
    private static Statement StatementOf(int count)
    {
        var random = new Random(14);
        var lines = new List<StatementLine>(count);
        for (var i = 1; i <= count; i++)
        {
            var correction = i % 20 == 0;
            var kwh = Math.Round((decimal)(random.NextDouble() * 60), 3);
            var net = Math.Round(kwh * 0.49m * (correction ? -0.1m : 1m), 2, MidpointRounding.AwayFromZero);
            var vat = Math.Round(net * 0.19m, 2, MidpointRounding.AwayFromZero);
            lines.Add(new StatementLine(i, correction ? StatementLineKinds.Correction : StatementLineKinds.Charge, Guid.CreateVersion7().ToString(),
                new LocalDateTime(2026, 11, 1 + i % 30, i % 24, i % 60), $"LOC-{i % 200:D4}", $"DE*CPO*E{i % 200:D4}*{i % 4 + 1}", "DE",
                correction ? 0 : kwh, Duration.FromMinutes(20 + i % 200), Duration.FromMinutes(i % 30), net, 19m, vat, net + vat,
                correction ? "DE*CPO:DE*MSP:2026-10" : null, correction ? "DECPO-2026-0041" : null, correction ? "revised by the CPO" : null));
        }
        var party = new PartyDetails("Charge Point Operator GmbH", "Invalidenstraße 1\n10115 Berlin", "DE123456789", "DE");
        var buyer = new PartyDetails("Mobility Provider B.V.", "Keizersgracht 1\n1015 CJ Amsterdam", "NL123456789B01", "NL");
        var breakdown = new VatBreakdown("DE", 19m, lines.Sum(l => l.AmountExclVat), lines.Sum(l => l.VatAmount), lines.Sum(l => l.AmountInclVat));
        return new Statement("DE*CPO:DE*MSP:2026-11", 42, "DECPO-2026-0042", "DE*CPO", "DE*MSP", "DE*CPO", BillingDirections.CpoInvoicesEmsp, "2026-11",
            new LocalDate(2026, 11, 1), new LocalDate(2026, 12, 1), "Europe/Berlin", "EUR", party, buyer, new LocalDate(2026, 12, 6),
            new LocalDate(2027, 1, 5), lines, [breakdown], new StatementTotals(breakdown.TaxableAmount, breakdown.VatAmount, breakdown.AmountInclVat), [],
            Instant.FromUtc(2026, 12, 6, 2, 0), "benchmark");
    }
}
