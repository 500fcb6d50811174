using System.Collections;
using System.Globalization;
using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Protocols.Ocpi;

namespace Roaming.Protocols.Ocpi.Pricing;

internal enum ExplanationFactKind
{
    /// <summary>A volume of one dimension in one period, priced by the period's component or by nothing.</summary>
    Volume = 1,
    /// <summary>The FLAT fee of the session or the reservation.</summary>
    Flat,
    /// <summary>min_price/max_price changed the total.</summary>
    PriceLimit,
}

/// <summary>
/// What pricing decided for one explanation line, as numbers only: which period, which dimension, the measured volume (in the
/// engine's unit: kWh or seconds), the amounts. The element, component, notes and text follow from the period's selection
/// and the session's roundings, so they are looked up only when the line is rendered.
/// </summary>
internal readonly record struct ExplanationFact(
    ExplanationFactKind Kind,
    int PeriodIndex,
    TariffDimensionType ComponentType,
    CdrDimensionType Dimension,
    decimal Volume,
    decimal VolumeUnitsPerCdrUnit,
    decimal ExclVat,
    decimal InclVat,
    bool ParkingFee = false,
    bool ChargedAgainLater = false)
{
    public static ExplanationFact OfVolume(
        int index, TariffDimensionType componentType, CdrDimensionType dimension, decimal volume, decimal unitsPerCdrUnit, decimal excl, decimal incl) =>
        new(ExplanationFactKind.Volume, index, componentType, dimension, volume, unitsPerCdrUnit, excl, incl);

    public static ExplanationFact OfFlat(int index, decimal excl, decimal incl, bool parkingFee, bool chargedAgainLater) =>
        new(ExplanationFactKind.Flat, index, TariffDimensionType.Flat, default, 1m, 1m, excl, incl, parkingFee, chargedAgainLater);

    public static ExplanationFact OfPriceLimit(decimal exclAdjustment, decimal inclAdjustment) =>
        new(ExplanationFactKind.PriceLimit, -1, default, default, 0m, 1m, exclAdjustment, inclAdjustment);
}

/// <summary>
/// The explanation of a priced session, rendered from its <see cref="ExplanationFact"/>s on first read (the explain endpoint,
/// <see cref="PricedSession.Describe"/>), so pricing itself builds no text. Thread-safe: concurrent first reads may render
/// twice, and one rendering wins.
/// </summary>
internal sealed class SettlementExplanation(
    CompiledTariff tariff,
    IReadOnlyList<MeteredPeriod> periods,
    SessionRoundings roundings,
    List<ExplanationFact> facts,
    (decimal Excl, decimal Incl) beforeLimits) : IReadOnlyList<PricingLine>
{
    private const string InterpolatedNote = "energy interpolated between meter readings (constant power assumed within a reading interval)";
    private const string ClampedNote = "meter register went backwards here; the negative delta was billed as 0 kWh";

    private List<PricingLine>? _lines;

    private List<PricingLine> Lines
    {
        get
        {
            if (Volatile.Read(ref _lines) is { } lines) return lines;
            Interlocked.CompareExchange(ref _lines, Render(), null);
            return _lines;
        }
    }

    public int Count => Lines.Count;

    public PricingLine this[int index] => Lines[index];

    public IEnumerator<PricingLine> GetEnumerator() => Lines.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private List<PricingLine> Render()
    {
        var lines = new List<PricingLine>(facts.Count);
        foreach (var fact in facts)
        {
            lines.Add(fact.Kind switch
            {
                ExplanationFactKind.Volume => VolumeLine(fact),
                ExplanationFactKind.Flat => FlatLine(fact),
                _ => PriceLimitLine(fact),
            });
        }
        // Period by period, the FLAT fee first within its period; session-wide lines (price limits) last.
        return InExplanationOrder(lines);
    }

    private PricingLine VolumeLine(in ExplanationFact fact)
    {
        var index = fact.PeriodIndex;
        var period = periods[index];
        var notes = new List<string>();
        if (fact.Dimension == CdrDimensionType.Energy)
        {
            if (period.EnergyInterpolated) notes.Add(InterpolatedNote);
            if (period.EnergyClampedAtZero) notes.Add(ClampedNote);
        }
        if (period.Selection.Notes.Count > 0) notes.AddRange(period.Selection.NotesFor(fact.ComponentType));
        var measured = fact.Volume / fact.VolumeUnitsPerCdrUnit;

        if (period.Selection.For(fact.ComponentType) is not { } selected)
        {
            notes.Insert(0, $"no element prices {WireNames.Of(fact.ComponentType)} here");
            return new PricingLine(PricingLineKind.Unpriced, index, period.Start, period.LocalStart, null, null, null, fact.Dimension,
                measured, measured, null, null, 0m, 0m, Join(notes));
        }

        var rounding = roundings.Of(fact.Dimension);
        var billed = PeriodSettlement.BilledVolume(fact.Volume, index, rounding);
        if (rounding is { } step && step.PeriodIndex == index && step.Extra != 0)
        {
            var unit = fact.ComponentType == TariffDimensionType.Energy ? "Wh" : "s";
            var volumeUnit = fact.ComponentType == TariffDimensionType.Energy ? "kWh" : "h";
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"step_size {step.StepSize} {unit} rounds the session's {ExplanationFormat.Number(step.Total / fact.VolumeUnitsPerCdrUnit)} {volumeUnit} up to {ExplanationFormat.Number(step.Rounded / fact.VolumeUnitsPerCdrUnit)} {volumeUnit}; the extra is billed here"));
        }

        var component = selected.Component;
        return new PricingLine(PricingLineKind.Priced, index, period.Start, period.LocalStart, selected.ElementIndex,
            selected.ComponentIndex, fact.ComponentType, fact.Dimension, measured, billed / fact.VolumeUnitsPerCdrUnit, component.Price,
            component.Vat, fact.ExclVat, fact.InclVat, Join(notes));
    }

    private PricingLine FlatLine(in ExplanationFact fact)
    {
        var period = periods[fact.PeriodIndex];
        var selected = period.Selection.For(TariffDimensionType.Flat)!;
        var notes = new List<string>
        {
            period.Phase == PricingPhase.Reservation ? "reservation fee, counted in total_reservation_cost"
            : fact.ParkingFee ? "parking fee (its element prices only parking), counted in total_parking_cost"
            : "charged once per session",
        };
        if (fact.ChargedAgainLater) notes.Add("FLAT components of later periods are not charged again");

        return new PricingLine(PricingLineKind.Priced, fact.PeriodIndex, period.Start, period.LocalStart, selected.ElementIndex,
            selected.ComponentIndex, TariffDimensionType.Flat, null, 1m, 1m, fact.ExclVat, selected.Component.Vat, fact.ExclVat,
            fact.InclVat, Join(notes));
    }

    private PricingLine PriceLimitLine(in ExplanationFact fact)
    {
        var reasons = new List<string>();
        PriceLimits.Apply(tariff.Tariff, beforeLimits, reasons);
        return new PricingLine(PricingLineKind.PriceLimit, null, null, null, null, null, null, null, 0m, 0m, null, null,
            fact.ExclVat, fact.InclVat, $"{string.Join(", ", reasons)} applied; the breakdown totals no longer add up to total_cost");
    }

    /// <summary>
    /// Period by period, the FLAT fee first within its period; session-wide lines (price limits) last. A stable insertion
    /// sort: the lines come almost in order (only FLAT and limit lines are added after the periods), so this is linear.
    /// </summary>
    private static List<PricingLine> InExplanationOrder(List<PricingLine> lines)
    {
        static (int Period, int FlatFirst) Key(PricingLine line) =>
            (line.PeriodIndex ?? int.MaxValue, line.ComponentType == TariffDimensionType.Flat ? 0 : 1);

        var ordered = new List<PricingLine>(lines.Count);
        foreach (var line in lines)
        {
            var key = Key(line);
            var at = ordered.Count;
            while (at > 0 && Key(ordered[at - 1]).CompareTo(key) > 0) at--;
            ordered.Insert(at, line);
        }
        return ordered;
    }

    private static string? Join(List<string> notes) => notes.Count == 0 ? null : string.Join("; ", notes);
}

/// <summary>How explanations write a number: at most six decimals, half away from zero, no trailing zeros.</summary>
internal static class ExplanationFormat
{
    public static string Number(decimal value) =>
        decimal.Round(value, 6, MidpointRounding.AwayFromZero).ToString("0.######", CultureInfo.InvariantCulture);
}
