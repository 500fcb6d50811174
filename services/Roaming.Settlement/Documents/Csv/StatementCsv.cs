using CsvHelper;
using NodaTime.Text;
using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Documents.Csv;

/// <summary>
/// The statement's lines as CSV for a finance team's spreadsheet or import: a header row, then one row per line.
/// Invariant culture (<c>.</c> decimals, ISO dates), UTF-8 without BOM, comma separated, RFC 4180 quoting (CsvHelper).
/// </summary>
public sealed class StatementCsv : IStatementDocument
{
    public static readonly IReadOnlyList<string> Header =
    [
        "invoice_number", "line", "kind", "cdr_id", "session_start_local", "location_id", "evse_id", "country_of_supply",
        "energy_kwh", "charging_time", "parking_time", "currency", "amount_excl_vat", "vat_rate", "vat_amount",
        "amount_incl_vat", "corrects_invoice_number", "note",
    ];

    private static readonly LocalDateTimePattern SessionStartPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss");
    // Total hours, so that a session longer than a day still reads as one number of hours (26:10:00).
    private static readonly DurationPattern TimePattern = DurationPattern.CreateWithInvariantCulture("-H:mm:ss");

    public string Format => "csv";
    public string ContentType => "text/csv";
    public string FileExtension => "csv";

    public void Write(Statement statement, Stream output)
    {
        // Free text (names, notes, ids) that starts like a formula is escaped, so a spreadsheet shows it instead of running it.
        using var csv = CsvWriter.Create(output, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, leaveOpen: true);
        var money = SettlementMoney.Format(statement.Currency);
        csv.WriteHeader(Header.ToArray());
        foreach (var line in statement.Lines)
        {
            csv.WriteField(statement.InvoiceNumber);
            csv.WriteField(line.LineNumber, "");
            csv.WriteField(line.Kind);
            csv.WriteField(line.CdrId);
            csv.WriteField(SessionStartPattern.Format(line.SessionStart));
            csv.WriteField(line.LocationId ?? "");
            csv.WriteField(line.EvseId ?? "");
            csv.WriteField(line.CountryOfSupply);
            csv.WriteField(AmountText.Normalized(line.EnergyKwh), "");
            csv.WriteField(TimePattern.Format(line.ChargingTime));
            csv.WriteField(TimePattern.Format(line.ParkingTime));
            csv.WriteField(statement.Currency);
            csv.WriteField(line.AmountExclVat, money);
            csv.WriteField(AmountText.Normalized(line.VatRate), "");
            csv.WriteField(line.VatAmount, money);
            csv.WriteField(line.AmountInclVat, money);
            csv.WriteField(line.CorrectsInvoiceNumber ?? "");
            csv.WriteField(line.Note ?? "");
            csv.EndRecord();
        }
    }
}
