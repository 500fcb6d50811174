using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Roaming.Settlement.Documents.Csv;
using Roaming.Settlement.Statements;
using Shouldly;
using Xunit;
using static Roaming.Settlement.Tests.Documents.Statements;

namespace Roaming.Settlement.Tests.Documents;

public class CsvDocumentTests
{
    private static readonly StatementCsv Csv = new();

    [Fact]
    public void Every_line_is_a_row_under_a_header_with_invariant_numbers()
    {
        var statement = Of([
            new Line(10.00m, 19, Kwh: 4.125m),
            new Line(-2.5m, 7, StatementLineKinds.Correction, Kwh: 1m, CorrectsInvoice: "DECPO-2026-0006", Note: "revised, lower price"),
        ]);

        var rows = Parse(Csv.Render(statement));

        rows.Count.ShouldBe(3);
        rows[0].ShouldBe(StatementCsv.Header);
        var first = Row(rows, 1);
        (first["invoice_number"], first["line"], first["kind"], first["cdr_id"]).ShouldBe((statement.InvoiceNumber, "1", "charge", "CDR-00001"));
        first["session_start_local"].ShouldBe("2026-11-01T09:01:00");
        (first["energy_kwh"], first["amount_excl_vat"], first["vat_rate"], first["vat_amount"], first["amount_incl_vat"])
            .ShouldBe(("4.125", "10.00", "19", "1.90", "11.90"));
        first["charging_time"].ShouldBe("0:31:00");
        var correction = Row(rows, 2);
        (correction["amount_excl_vat"], correction["vat_amount"], correction["corrects_invoice_number"], correction["note"])
            .ShouldBe(("-2.50", "-0.18", "DECPO-2026-0006", "revised, lower price"));
    }

    [Fact]
    public void Text_that_a_spreadsheet_would_run_as_a_formula_is_escaped()
    {
        var statement = Of([new Line(1m, 19, Note: "=HYPERLINK(\"http://evil\")")]);

        Row(Parse(Csv.Render(statement)), 1)["note"].ShouldBe("'=HYPERLINK(\"http://evil\")");
    }

    [Fact]
    public void An_empty_statement_is_just_the_header() =>
        Parse(Csv.Render(Of(Array.Empty<Line>()))).ShouldHaveSingleItem().ShouldBe(StatementCsv.Header);

    [Fact]
    public void The_file_is_utf8_without_a_byte_order_mark()
    {
        var bytes = Csv.Render(Of([new Line(1m, 19)]));

        bytes[..3].ShouldNotBe(Encoding.UTF8.Preamble.ToArray());
        Encoding.UTF8.GetString(bytes).ShouldStartWith("invoice_number,line,kind");
    }

    /// <summary>Any statement: one row per line, in order, and the amounts read back are the statement's, to the cent.</summary>
    [Property(MaxTest = 100)]
    public Property Every_line_reads_back_with_its_amounts() => Prop.ForAll(
        (from cents in Gen.Choose(-50_000, 500_000)
         from rate in Gen.Elements(0m, 7m, 19m, 21m, 5.5m)
         from note in Gen.Elements<string?>(null, "revised", "a, \"quoted\" note", "=1+1", "line\nbreak")
         select new Line(cents / 100m, rate, Note: note)).ListOf().ToArbitrary(),
        lines =>
        {
            var statement = Of(lines);
            var rows = Parse(Csv.Render(statement));
            var read = Enumerable.Range(1, rows.Count - 1).Select(i => Row(rows, i)).ToList();
            return rows.Count == statement.Lines.Count + 1
                   && read.Select(r => decimal.Parse(r["amount_excl_vat"], CultureInfo.InvariantCulture)).SequenceEqual(statement.Lines.Select(l => l.AmountExclVat))
                   && read.Select(r => decimal.Parse(r["vat_amount"], CultureInfo.InvariantCulture)).SequenceEqual(statement.Lines.Select(l => l.VatAmount))
                   && read.Sum(r => decimal.Parse(r["amount_incl_vat"], CultureInfo.InvariantCulture)) == statement.Totals.InclVat
                   && read.Select(r => r["line"]).SequenceEqual(statement.Lines.Select(l => l.LineNumber.ToString(CultureInfo.InvariantCulture)));
        });

    private static Dictionary<string, string> Row(IReadOnlyList<IReadOnlyList<string>> rows, int index) =>
        rows[0].Zip(rows[index]).ToDictionary(p => p.First, p => p.Second);

    /// <summary>RFC 4180: quoted fields may hold separators, line breaks and doubled quotes.</summary>
    internal static IReadOnlyList<IReadOnlyList<string>> Parse(byte[] csv)
    {
        var text = Encoding.UTF8.GetString(csv);
        var rows = new List<IReadOnlyList<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }
        return rows;
    }
}
