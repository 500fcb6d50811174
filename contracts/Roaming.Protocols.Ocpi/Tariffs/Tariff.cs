using System.Text.Json.Serialization;
using NodaTime;

namespace Roaming.Protocols.Ocpi.Tariffs;

/// <summary>
/// OCPI 2.2.1 Tariff object (mod_tariffs 11.3.1) exactly as it travels on the wire.
/// Fields the spec marks as required use C# <c>required</c>, so System.Text.Json rejects a document that omits them
/// (the exception's path names the field); everything else the spec constrains is checked by <see cref="TariffValidation"/>.
/// </summary>
public sealed record Tariff
{
    [JsonPropertyName("country_code")] public required string CountryCode { get; init; }
    [JsonPropertyName("party_id")] public required string PartyId { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("type")] public TariffType? Type { get; init; }
    [JsonPropertyName("tariff_alt_text")] public IReadOnlyList<DisplayText>? TariffAltText { get; init; }
    [JsonPropertyName("tariff_alt_url")] public string? TariffAltUrl { get; init; }
    [JsonPropertyName("min_price")] public Price? MinPrice { get; init; }
    [JsonPropertyName("max_price")] public Price? MaxPrice { get; init; }
    [JsonPropertyName("elements")] public required IReadOnlyList<TariffElement> Elements { get; init; }
    [JsonPropertyName("energy_mix")] public EnergyMix? EnergyMix { get; init; }
    [JsonPropertyName("start_date_time")] public Instant? StartDateTime { get; init; }
    [JsonPropertyName("end_date_time")] public Instant? EndDateTime { get; init; }
    [JsonPropertyName("last_updated")] public required Instant LastUpdated { get; init; }
}

/// <summary>OCPI TariffElement: price components that apply together while the (optional) restrictions hold.</summary>
public sealed record TariffElement
{
    [JsonPropertyName("price_components")] public required IReadOnlyList<PriceComponent> PriceComponents { get; init; }
    [JsonPropertyName("restrictions")] public TariffRestrictions? Restrictions { get; init; }
}

/// <summary>
/// OCPI PriceComponent. <see cref="Price"/> is excl. VAT per unit (per kWh, per hour), never per step.
/// <see cref="StepSize"/> is in Wh for ENERGY and in seconds for TIME and PARKING_TIME; it means nothing for FLAT.
/// A missing <see cref="Vat"/> means "no VAT applies", which is not the same as 0 %.
/// </summary>
public sealed record PriceComponent
{
    [JsonPropertyName("type")] public required TariffDimensionType Type { get; init; }
    [JsonPropertyName("price")] public required decimal Price { get; init; }
    [JsonPropertyName("vat")] public decimal? Vat { get; init; }
    [JsonPropertyName("step_size")] public required int StepSize { get; init; }
}

/// <summary>
/// OCPI TariffRestrictions. All present restrictions must hold (AND). They switch an element on and off during a session.
/// Times and dates are local to the location's time zone and stay strings here so that validation can name a malformed one.
/// </summary>
public sealed record TariffRestrictions
{
    [JsonPropertyName("start_time")] public string? StartTime { get; init; }
    [JsonPropertyName("end_time")] public string? EndTime { get; init; }
    [JsonPropertyName("start_date")] public string? StartDate { get; init; }
    [JsonPropertyName("end_date")] public string? EndDate { get; init; }
    [JsonPropertyName("min_kwh")] public decimal? MinKwh { get; init; }
    [JsonPropertyName("max_kwh")] public decimal? MaxKwh { get; init; }
    [JsonPropertyName("min_current")] public decimal? MinCurrent { get; init; }
    [JsonPropertyName("max_current")] public decimal? MaxCurrent { get; init; }
    [JsonPropertyName("min_power")] public decimal? MinPower { get; init; }
    [JsonPropertyName("max_power")] public decimal? MaxPower { get; init; }
    [JsonPropertyName("min_duration")] public int? MinDuration { get; init; }
    [JsonPropertyName("max_duration")] public int? MaxDuration { get; init; }
    [JsonPropertyName("day_of_week")] public IReadOnlyList<TariffDayOfWeek>? DayOfWeek { get; init; }
    [JsonPropertyName("reservation")] public ReservationRestrictionType? Reservation { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<TariffType>))]
public enum TariffType
{
    [JsonStringEnumMemberName("AD_HOC_PAYMENT")] AdHocPayment = 1,
    [JsonStringEnumMemberName("PROFILE_CHEAP")] ProfileCheap,
    [JsonStringEnumMemberName("PROFILE_FAST")] ProfileFast,
    [JsonStringEnumMemberName("PROFILE_GREEN")] ProfileGreen,
    [JsonStringEnumMemberName("REGULAR")] Regular,
}

[JsonConverter(typeof(JsonStringEnumConverter<TariffDimensionType>))]
public enum TariffDimensionType
{
    [JsonStringEnumMemberName("ENERGY")] Energy = 1,
    [JsonStringEnumMemberName("FLAT")] Flat,
    [JsonStringEnumMemberName("PARKING_TIME")] ParkingTime,
    [JsonStringEnumMemberName("TIME")] Time,
}

/// <summary>OCPI DayOfWeek. The numeric values equal NodaTime's <see cref="IsoDayOfWeek"/>, so a cast converts.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TariffDayOfWeek>))]
public enum TariffDayOfWeek
{
    [JsonStringEnumMemberName("MONDAY")] Monday = 1,
    [JsonStringEnumMemberName("TUESDAY")] Tuesday = 2,
    [JsonStringEnumMemberName("WEDNESDAY")] Wednesday = 3,
    [JsonStringEnumMemberName("THURSDAY")] Thursday = 4,
    [JsonStringEnumMemberName("FRIDAY")] Friday = 5,
    [JsonStringEnumMemberName("SATURDAY")] Saturday = 6,
    [JsonStringEnumMemberName("SUNDAY")] Sunday = 7,
}

[JsonConverter(typeof(JsonStringEnumConverter<ReservationRestrictionType>))]
public enum ReservationRestrictionType
{
    /// <summary>The element prices a reservation (a FLAT fee and/or TIME for the reserved duration).</summary>
    [JsonStringEnumMemberName("RESERVATION")] Reservation = 1,
    /// <summary>The element prices a reservation that expired without a charging session.</summary>
    [JsonStringEnumMemberName("RESERVATION_EXPIRES")] ReservationExpires,
}
