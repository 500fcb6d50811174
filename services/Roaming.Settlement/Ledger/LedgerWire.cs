using System.Text.Json.Serialization;
using JasperFx.Events;
using NodaTime;
using Roaming.Platform.Marten;

namespace Roaming.Settlement.Ledger;

/// <summary>A CDR's place in settlement, as the operator API shows it.</summary>
public sealed record LedgerCdrView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("operator_id")] string OperatorId,
    [property: JsonPropertyName("provider_id")] string ProviderId,
    [property: JsonPropertyName("cdr_id")] string CdrId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("hold_reason")] string? HoldReason,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("amount_excl_vat")] decimal AmountExclVat,
    [property: JsonPropertyName("session_start")] Instant SessionStart,
    [property: JsonPropertyName("session_end")] Instant SessionEnd,
    [property: JsonPropertyName("country_of_supply")] string CountryOfSupply,
    [property: JsonPropertyName("location_id")] string? LocationId,
    [property: JsonPropertyName("evse_id")] string? EvseId,
    [property: JsonPropertyName("energy_kwh")] decimal EnergyKwh,
    [property: JsonPropertyName("charging_time_seconds")] long ChargingTimeSeconds,
    [property: JsonPropertyName("parking_time_seconds")] long ParkingTimeSeconds,
    [property: JsonPropertyName("credit")] bool Credit,
    [property: JsonPropertyName("credit_reference_id")] string? CreditReferenceId,
    [property: JsonPropertyName("signed_meter_data")] string? SignedMeterData,
    [property: JsonPropertyName("billed_excl_vat")] decimal BilledExclVat,
    [property: JsonPropertyName("first_statement_id")] string? FirstStatementId,
    [property: JsonPropertyName("first_invoice_number")] string? FirstInvoiceNumber,
    [property: JsonPropertyName("changed_at")] Instant ChangedAt,
    [property: JsonPropertyName("history")] IReadOnlyList<LedgerEntryView>? History)
{
    public static LedgerCdrView Of(LedgerCdr cdr, IReadOnlyList<LedgerEntryView>? history = null) => new(cdr.Id, cdr.OperatorId, cdr.ProviderId, cdr.CdrId,
        cdr.Source, cdr.State, cdr.HoldReason, cdr.Facts.Currency, cdr.Facts.AmountExclVat, cdr.Facts.SessionStart, cdr.Facts.SessionEnd,
        cdr.Facts.CountryOfSupply, cdr.Facts.LocationId, cdr.Facts.EvseId, cdr.Facts.EnergyKwh, (long)cdr.Facts.ChargingTime.TotalSeconds,
        (long)cdr.Facts.ParkingTime.TotalSeconds, cdr.Facts.IsCredit, cdr.Facts.CreditReferenceId, cdr.Facts.SignedMeterData, cdr.BilledExclVat,
        cdr.FirstStatementId, cdr.FirstInvoiceNumber, cdr.ChangedAt, history);
}

/// <summary>One event of a CDR's ledger stream: what happened, the state after it, why, who and when.</summary>
public sealed record LedgerEntryView(
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("amount_excl_vat")] decimal? AmountExclVat,
    [property: JsonPropertyName("statement_id")] string? StatementId,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("at")] Instant At)
{
    /// <summary>The stream as entries, oldest first (the state after each, replayed with the projection).</summary>
    public static IReadOnlyList<LedgerEntryView> Of(IReadOnlyList<IEvent> events)
    {
        var entries = new List<LedgerEntryView>();
        LedgerCdr? state = null;
        foreach (var stored in events)
        {
            state = LedgerCdrProjection.Next(state, stored.Data);
            var actor = stored.Headers is { } headers && headers.TryGetValue(EventContext.ActorHeader, out var value) && value?.ToString() is { Length: > 0 } text
                ? text
                : "unknown";
            LedgerEntryView Entry(string name, string? reason, decimal? amount, string? statement, Instant at) =>
                new(stored.Version, name, state?.State ?? LedgerStates.Pending, reason, amount, statement, actor, at);
            entries.Add(stored.Data switch
            {
                CdrEnteredLedger e => Entry("entered", $"from {e.Source}", e.Facts.AmountExclVat, null, e.At),
                CdrFactsRevised e => Entry("facts_revised", e.Reason, e.Facts.AmountExclVat, null, e.At),
                CdrBecameBillable e => Entry("became_billable", e.Reason, null, null, e.At),
                CdrHeld e => Entry("held", e.Reason, null, null, e.At),
                CdrWithdrawn e => Entry("withdrawn", e.Reason, null, null, e.At),
                CdrBilled e => Entry("billed", $"{e.LineKind} on {e.InvoiceNumber} ({e.Period})", e.AmountExclVat, e.StatementId, e.At),
                _ => Entry(stored.EventTypeName, null, null, null, Instant.FromDateTimeOffset(stored.Timestamp)),
            });
        }
        return entries;
    }
}
