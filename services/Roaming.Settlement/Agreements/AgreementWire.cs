using System.Text.Json.Serialization;
using NodaTime;
using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Agreements;

/// <summary>The body of <c>PUT /api/settlement/agreements/{operator_id}/{provider_id}</c>.</summary>
public sealed record AgreementBody(
    [property: JsonPropertyName("currency")] string? Currency,
    [property: JsonPropertyName("period")] string? Period,
    [property: JsonPropertyName("time_zone")] string? TimeZone,
    [property: JsonPropertyName("billing")] string? Billing,
    [property: JsonPropertyName("payment_terms_days")] int? PaymentTermsDays,
    [property: JsonPropertyName("close_after_days")] int? CloseAfterDays,
    [property: JsonPropertyName("tolerance")] decimal? Tolerance,
    [property: JsonPropertyName("valid_from")] LocalDate? ValidFrom,
    [property: JsonPropertyName("effective_from")] LocalDate? EffectiveFrom,
    [property: JsonPropertyName("vat_rates")] IReadOnlyList<VatRateWire?>? VatRates,
    [property: JsonPropertyName("issuer")] PartyWire? Issuer,
    [property: JsonPropertyName("recipient")] PartyWire? Recipient);

public sealed record VatRateWire(
    [property: JsonPropertyName("country")] string? Country,
    [property: JsonPropertyName("rate")] decimal? Rate,
    [property: JsonPropertyName("valid_from")] LocalDate? ValidFrom,
    [property: JsonPropertyName("valid_to")] LocalDate? ValidTo)
{
    public static VatRateWire Of(VatRate rate) => new(rate.Country, rate.Rate, rate.ValidFrom, rate.ValidTo);
}

public sealed record PartyWire(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("address")] string? Address,
    [property: JsonPropertyName("vat_id")] string? VatId,
    [property: JsonPropertyName("country_code")] string? CountryCode)
{
    public static PartyWire Of(PartyDetails party) => new(party.Name, party.Address, party.VatId, party.CountryCode);
}

public sealed record AgreementView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("operator_id")] string OperatorId,
    [property: JsonPropertyName("provider_id")] string ProviderId,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("time_zone")] string TimeZone,
    [property: JsonPropertyName("billing")] string Billing,
    [property: JsonPropertyName("payment_terms_days")] int PaymentTermsDays,
    [property: JsonPropertyName("close_after_days")] int CloseAfterDays,
    [property: JsonPropertyName("tolerance")] decimal Tolerance,
    [property: JsonPropertyName("valid_from")] LocalDate ValidFrom,
    [property: JsonPropertyName("vat_rates")] IReadOnlyList<VatRateWire> VatRates,
    [property: JsonPropertyName("issuer")] PartyWire Issuer,
    [property: JsonPropertyName("recipient")] PartyWire Recipient,
    [property: JsonPropertyName("changed_at")] Instant ChangedAt,
    [property: JsonPropertyName("history")] IReadOnlyList<AgreementHistoryView>? History)
{
    public static AgreementView Of(Agreement agreement, IReadOnlyList<AgreementHistoryView>? history = null) => new(agreement.Id, agreement.OperatorId,
        agreement.ProviderId, agreement.Currency, agreement.Period, agreement.TimeZone, agreement.Billing, agreement.PaymentTermsDays, agreement.CloseAfterDays,
        agreement.Tolerance, agreement.SettlesFrom, agreement.VatRates.Select(VatRateWire.Of).ToList(), PartyWire.Of(agreement.Issuer),
        PartyWire.Of(agreement.Recipient), agreement.ChangedAt, history);
}

/// <summary>One version of the terms: who set them, when, from which day, and which fields changed against the version before.</summary>
public sealed record AgreementHistoryView(
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("effective_from")] LocalDate EffectiveFrom,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("at")] Instant At,
    [property: JsonPropertyName("changed")] IReadOnlyList<string> Changed,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("time_zone")] string TimeZone,
    [property: JsonPropertyName("billing")] string Billing,
    [property: JsonPropertyName("payment_terms_days")] int PaymentTermsDays,
    [property: JsonPropertyName("close_after_days")] int CloseAfterDays,
    [property: JsonPropertyName("tolerance")] decimal Tolerance,
    [property: JsonPropertyName("valid_from")] LocalDate ValidFrom,
    [property: JsonPropertyName("vat_rates")] IReadOnlyList<VatRateWire> VatRates,
    [property: JsonPropertyName("issuer")] PartyWire Issuer,
    [property: JsonPropertyName("recipient")] PartyWire Recipient);
