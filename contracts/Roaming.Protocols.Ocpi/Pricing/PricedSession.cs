using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Ocpi.Pricing;

/// <summary>
/// A session priced with one tariff: the OCPI CDR charging periods, the CDR totals and an explanation of every amount.
/// Cost totals are rounded once, each on its own, to the currency's minor unit (half away from zero), so the rounded
/// parts may differ from the rounded <see cref="TotalCost"/> by a minor unit; <see cref="Unrounded"/> holds the exact figures.
/// Volumes are measured volumes; the volumes billed after step_size are in the explanation.
/// </summary>
public sealed record PricedSession
{
    public required string TariffId { get; init; }
    public required string Currency { get; init; }
    public required IReadOnlyList<ChargingPeriod> ChargingPeriods { get; init; }

    /// <summary>Fixed + energy + time + parking + reservation, after tariff min_price/max_price.</summary>
    public required Price TotalCost { get; init; }
    /// <summary>FLAT fees, excluding the FLAT parts of parking and reservation.</summary>
    public required Price TotalFixedCost { get; init; }
    /// <summary>kWh measured in the session (before step_size).</summary>
    public required decimal TotalEnergy { get; init; }
    public required Price TotalEnergyCost { get; init; }
    /// <summary>Hours of the whole session, charging and not charging.</summary>
    public required decimal TotalTime { get; init; }
    /// <summary>Cost of TIME, i.e. of the hours charging.</summary>
    public required Price TotalTimeCost { get; init; }
    /// <summary>Hours not charging (EV not requesting power).</summary>
    public required decimal TotalParkingTime { get; init; }
    /// <summary>PARKING_TIME cost including a parking FLAT fee.</summary>
    public required Price TotalParkingCost { get; init; }
    /// <summary>Hours reserved before the session (not part of <see cref="TotalTime"/>).</summary>
    public required decimal TotalReservationTime { get; init; }
    /// <summary>Reservation TIME and FLAT costs.</summary>
    public required Price TotalReservationCost { get; init; }

    public required CostBreakdown Unrounded { get; init; }
    public required IReadOnlyList<PricingLine> Explanation { get; init; }

    /// <summary>The explanation as text, one line per priced volume, for logs, support and disputes.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Tariff {TariffId}, {Currency}");
        foreach (var line in Explanation) text.AppendLine(line.ToString());
        text.Append(CultureInfo.InvariantCulture,
            $"Total {TotalCost.ExclVat} excl. VAT / {TotalCost.InclVat} incl. VAT (exact {Unrounded.Total.ExclVat} / {Unrounded.Total.InclVat})");
        return text.ToString();
    }
}

/// <summary>The cost totals at full precision, before rounding; <see cref="BeforeLimits"/> is their sum before min/max_price.</summary>
public sealed record CostBreakdown(
    Price Fixed,
    Price Energy,
    Price Time,
    Price Parking,
    Price Reservation,
    Price BeforeLimits,
    Price Total);

public enum PricingLineKind
{
    /// <summary>A price component priced a volume.</summary>
    Priced = 1,
    /// <summary>A volume no element prices (the dimension is free in that period).</summary>
    Unpriced,
    /// <summary>The tariff's min_price or max_price changed the total.</summary>
    PriceLimit,
}

/// <summary>
/// One line of the explanation: which element and component priced which volume of which period.
/// Volumes are in the CDR's units (kWh, hours, 1 for FLAT); amounts are exact (unrounded).
/// </summary>
public sealed record PricingLine(
    PricingLineKind Kind,
    int? PeriodIndex,
    Instant? PeriodStart,
    LocalDateTime? PeriodStartLocal,
    int? ElementIndex,
    int? ComponentIndex,
    TariffDimensionType? ComponentType,
    CdrDimensionType? Dimension,
    decimal Volume,
    decimal BilledVolume,
    decimal? UnitPrice,
    decimal? VatPercent,
    decimal AmountExclVat,
    decimal AmountInclVat,
    string? Note = null)
{
    private static readonly LocalDateTimePattern LocalPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss");

    public override string ToString()
    {
        var text = new StringBuilder();
        if (PeriodIndex is { } index)
            text.Append(CultureInfo.InvariantCulture, $"period {index}");
        if (PeriodStartLocal is { } local)
            text.Append(CultureInfo.InvariantCulture, $" from {LocalPattern.Format(local)} local");
        if (text.Length > 0) text.Append(": ");

        switch (Kind)
        {
            case PricingLineKind.PriceLimit:
                text.Append(CultureInfo.InvariantCulture, $"adjustment {Format(AmountExclVat)} excl / {Format(AmountInclVat)} incl");
                break;
            case PricingLineKind.Unpriced:
                text.Append(CultureInfo.InvariantCulture, $"{(Dimension is { } dimension ? WireNames.Of(dimension) : "")} {Format(Volume)} {Unit} not priced");
                break;
            case PricingLineKind.Priced when ComponentType == TariffDimensionType.Flat:
                text.Append(CultureInfo.InvariantCulture,
                    $"FLAT fee {Format(AmountExclVat)} excl, VAT {(VatPercent is { } flatVat ? $"{Format(flatVat)} %" : "none")} → {Format(AmountInclVat)} incl");
                text.Append(CultureInfo.InvariantCulture, $" [elements[{ElementIndex}].price_components[{ComponentIndex}]]");
                break;
            default:
                text.Append(CultureInfo.InvariantCulture,
                    $"{(ComponentType is { } type ? WireNames.Of(type) : "")} {Format(Volume)} {Unit}");
                if (BilledVolume != Volume)
                    text.Append(CultureInfo.InvariantCulture, $" (billed {Format(BilledVolume)} {Unit})");
                text.Append(CultureInfo.InvariantCulture,
                    $" × {Format(UnitPrice ?? 0)} = {Format(AmountExclVat)} excl, VAT {(VatPercent is { } vat ? $"{Format(vat)} %" : "none")} → {Format(AmountInclVat)} incl");
                text.Append(CultureInfo.InvariantCulture, $" [elements[{ElementIndex}].price_components[{ComponentIndex}]]");
                break;
        }
        if (Note is not null) text.Append(" — ").Append(Note);
        return text.ToString();
    }

    private string Unit => Dimension switch
    {
        CdrDimensionType.Energy => "kWh",
        CdrDimensionType.Time or CdrDimensionType.ParkingTime or CdrDimensionType.ReservationTime => "h",
        _ => "",
    };

    private static string Format(decimal value) => ExplanationFormat.Number(value);
}
