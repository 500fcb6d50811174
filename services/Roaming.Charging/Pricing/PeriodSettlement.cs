using System.Globalization;
using Roaming.Charging.Tariffs;

namespace Roaming.Charging.Pricing;

/// <summary>
/// Prices charging periods whose components are already selected: applies step_size once per session, charges FLAT once,
/// computes VAT per component, sums the CDR totals, clamps to min_price/max_price and rounds once to the minor unit.
/// </summary>
internal static class PeriodSettlement
{
    private const decimal SecondsPerHour = 3600m;
    private const decimal WhPerKwh = 1000m;

    public static PricedSession Settle(
        CompiledTariff compiled,
        IReadOnlyList<MeteredPeriod> periods,
        IReadOnlyList<ChargingPeriod> chargingPeriods,
        decimal totalTimeHours)
    {
        var tariff = compiled.Tariff;
        const PricingPhase session = PricingPhase.Session; // a constant: the lambdas below capture nothing and allocate nothing
        var energyRounding = RoundTotal(periods, TariffDimensionType.Energy, p => p.Phase == session ? p.EnergyKwh : 0m, WhPerKwh);
        // Parking and charging time share one step_size application: with priced parking only the parking total is
        // rounded (a charging stretch followed by parking is not rounded up), otherwise the charging time total is.
        var parkingRounding = RoundTotal(periods, TariffDimensionType.ParkingTime, p => p.Phase == session ? p.ParkingSeconds : 0m, 1m);
        var timeRounding = parkingRounding is null
            ? RoundTotal(periods, TariffDimensionType.Time, p => p.Phase == session ? p.ChargingSeconds : 0m, 1m)
            : null;
        var reservationRounding = RoundTotal(periods, TariffDimensionType.Time,
            p => p.Phase == PricingPhase.Reservation ? p.ReservationSeconds : 0m, 1m);

        var lines = new List<PricingLine>();
        var pricedDimensions = compiled.PricedDimensions;
        var fixedCost = new Amount();
        var energyCost = new Amount();
        var timeCost = new Amount();
        var parkingCost = new Amount();
        var reservationCost = new Amount();

        for (var index = 0; index < periods.Count; index++)
        {
            var period = periods[index];
            if (period.Phase == PricingPhase.Session)
            {
                if (period.EnergyKwh > 0)
                    energyCost.Add(PriceVolume(pricedDimensions, lines, index, period, TariffDimensionType.Energy, CdrDimensionType.Energy,
                        period.EnergyKwh, energyRounding, secondsPerHourOrOne: 1m, EnergyNotes(period)));
                if (period.ChargingSeconds > 0)
                    timeCost.Add(PriceVolume(pricedDimensions, lines, index, period, TariffDimensionType.Time, CdrDimensionType.Time,
                        period.ChargingSeconds, timeRounding, secondsPerHourOrOne: SecondsPerHour, []));
                if (period.ParkingSeconds > 0)
                    parkingCost.Add(PriceVolume(pricedDimensions, lines, index, period, TariffDimensionType.ParkingTime, CdrDimensionType.ParkingTime,
                        period.ParkingSeconds, parkingRounding, secondsPerHourOrOne: SecondsPerHour, []));
            }
            else if (period.ReservationSeconds > 0)
            {
                reservationCost.Add(PriceVolume(pricedDimensions, lines, index, period, TariffDimensionType.Time, CdrDimensionType.ReservationTime,
                    period.ReservationSeconds, reservationRounding, secondsPerHourOrOne: SecondsPerHour, []));
            }
        }

        if (ChargeFlatOnce(lines, periods, PricingPhase.Session) is { } sessionFlat)
            (sessionFlat.ParkingFee ? parkingCost : fixedCost).Add(sessionFlat.Cost);
        if (ChargeFlatOnce(lines, periods, PricingPhase.Reservation) is { } reservationFlat)
            reservationCost.Add(reservationFlat.Cost);

        var beforeLimits = new Amount();
        foreach (var part in new[] { fixedCost, energyCost, timeCost, parkingCost, reservationCost }) beforeLimits.Add(part.ToPrice());
        var total = ApplyPriceLimits(lines, tariff, beforeLimits.ToPrice());

        var minorUnits = Iso4217Currencies.MinorUnits(tariff.Currency);
        Price Round(Price price) => new(RoundMoney(price.ExclVat, minorUnits), RoundMoney(price.InclVat ?? price.ExclVat, minorUnits));

        return new PricedSession
        {
            TariffId = tariff.Id,
            Currency = tariff.Currency,
            ChargingPeriods = chargingPeriods,
            TotalCost = Round(total),
            TotalFixedCost = Round(fixedCost.ToPrice()),
            TotalEnergy = periods.Where(p => p.Phase == session).Sum(p => p.EnergyKwh),
            TotalEnergyCost = Round(energyCost.ToPrice()),
            TotalTime = totalTimeHours,
            TotalTimeCost = Round(timeCost.ToPrice()),
            TotalParkingTime = periods.Where(p => p.Phase == session).Sum(p => p.ParkingSeconds) / SecondsPerHour,
            TotalParkingCost = Round(parkingCost.ToPrice()),
            TotalReservationTime = periods.Sum(p => p.ReservationSeconds) / SecondsPerHour,
            TotalReservationCost = Round(reservationCost.ToPrice()),
            Unrounded = new CostBreakdown(
                fixedCost.ToPrice(), energyCost.ToPrice(), timeCost.ToPrice(), parkingCost.ToPrice(), reservationCost.ToPrice(),
                beforeLimits.ToPrice(), total),
            // Period by period, the FLAT fee first within its period; session-wide lines (price limits) last.
            Explanation = InExplanationOrder(lines),
        };
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

    /// <summary>Half away from zero: the spec's tariff_3 example rounds 5.625 to 5.63.</summary>
    public static decimal RoundMoney(decimal amount, int minorUnits) =>
        decimal.Round(amount, minorUnits, MidpointRounding.AwayFromZero);

    private sealed record StepRounding(int PeriodIndex, decimal Extra, int StepSize, decimal Total, decimal Rounded);

    /// <summary>
    /// step_size applies once per session, to the total volume priced by components of the dimension, with the step of the
    /// last such component; the extra volume is billed in that last period at its price (OCPI 2.2.1 bug-fix text).
    /// Volumes in periods no component prices are free and not rounded.
    /// </summary>
    private static StepRounding? RoundTotal(
        IReadOnlyList<MeteredPeriod> periods, TariffDimensionType dimension, Func<MeteredPeriod, decimal> volume, decimal stepUnitsPerVolumeUnit)
    {
        var total = 0m;
        var last = -1;
        for (var i = 0; i < periods.Count; i++)
        {
            if (periods[i].Selection.For(dimension) is null || volume(periods[i]) <= 0) continue;
            total += volume(periods[i]);
            last = i;
        }
        if (last < 0) return null;

        var step = periods[last].Selection.For(dimension)!.Component.StepSize;
        var rounded = RoundUpToStep(total * stepUnitsPerVolumeUnit, step) / stepUnitsPerVolumeUnit;
        return new StepRounding(last, rounded - total, step, total, rounded);
    }

    private static decimal RoundUpToStep(decimal value, int step)
    {
        if (step <= 0) return value;
        // Apportioned volumes carry division noise around the 25th decimal; it must not push a whole extra step.
        var steps = decimal.Round(value / step, 12);
        return decimal.Ceiling(steps) * step;
    }

    private static Price PriceVolume(
        IReadOnlySet<TariffDimensionType> pricedDimensions,
        List<PricingLine> lines,
        int index,
        MeteredPeriod period,
        TariffDimensionType componentType,
        CdrDimensionType dimension,
        decimal volume,
        StepRounding? rounding,
        decimal secondsPerHourOrOne,
        IReadOnlyList<string> extraNotes)
    {
        var tariffPricesDimension = pricedDimensions.Contains(componentType);
        var notes = new List<string>(extraNotes);
        if (period.Selection.Notes.Count > 0) notes.AddRange(period.Selection.NotesFor(componentType));
        // Time volumes are seconds; dividing last keeps whole minutes exact (165 min at 1.00/h is 2.75, not 2.75000...022).
        var measured = volume / secondsPerHourOrOne;

        if (period.Selection.For(componentType) is not { } selected)
        {
            // A tariff that never prices this dimension needs no line saying so in every period.
            if (!tariffPricesDimension) return Price.Zero;
            notes.Insert(0, $"no element prices {WireNames.Of(componentType)} here");
            lines.Add(new PricingLine(PricingLineKind.Unpriced, index, period.Start, period.LocalStart, null, null, null, dimension,
                measured, measured, null, null, 0m, 0m, Join(notes)));
            return Price.Zero;
        }

        var billed = volume;
        if (rounding is not null && rounding.PeriodIndex == index && rounding.Extra != 0)
        {
            billed += rounding.Extra;
            var unit = componentType == TariffDimensionType.Energy ? "Wh" : "s";
            var volumeUnit = componentType == TariffDimensionType.Energy ? "kWh" : "h";
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"step_size {rounding.StepSize} {unit} rounds the session's {Format(rounding.Total / secondsPerHourOrOne)} {volumeUnit} up to {Format(rounding.Rounded / secondsPerHourOrOne)} {volumeUnit}; the extra is billed here"));
        }

        var billedVolume = billed / secondsPerHourOrOne;
        var component = selected.Component;
        var excl = component.Price * billed / secondsPerHourOrOne;
        var incl = WithVat(excl, component.Vat);
        lines.Add(new PricingLine(PricingLineKind.Priced, index, period.Start, period.LocalStart, selected.ElementIndex,
            selected.ComponentIndex, componentType, dimension, measured, billedVolume, component.Price, component.Vat, excl, incl,
            Join(notes)));
        return new Price(excl, incl);
    }

    private const string InterpolatedNote = "energy interpolated between meter readings (constant power assumed within a reading interval)";
    private const string ClampedNote = "meter register went backwards here; the negative delta was billed as 0 kWh";
    private static readonly string[] InterpolatedNotes = [InterpolatedNote];
    private static readonly string[] ClampedNotes = [ClampedNote];
    private static readonly string[] InterpolatedAndClampedNotes = [InterpolatedNote, ClampedNote];

    private static IReadOnlyList<string> EnergyNotes(MeteredPeriod period) => (period.EnergyInterpolated, period.EnergyClampedAtZero) switch
    {
        (true, true) => InterpolatedAndClampedNotes,
        (true, false) => InterpolatedNotes,
        (false, true) => ClampedNotes,
        _ => [],
    };

    private sealed record FlatFee(Price Cost, bool ParkingFee);

    /// <summary>
    /// FLAT is charged once per session (and once per reservation), from the first period where a FLAT component applies,
    /// even if FLAT components apply in later periods or other elements.
    /// </summary>
    private static FlatFee? ChargeFlatOnce(List<PricingLine> lines, IReadOnlyList<MeteredPeriod> periods, PricingPhase phase)
    {
        var index = -1;
        var periodsWithFlat = 0;
        for (var i = 0; i < periods.Count; i++)
        {
            if (periods[i].Phase != phase || periods[i].Selection.For(TariffDimensionType.Flat) is null) continue;
            if (periodsWithFlat++ == 0) index = i;
        }
        if (index < 0) return null;

        var period = periods[index];
        var selected = period.Selection.For(TariffDimensionType.Flat)!;
        var excl = selected.Component.Price;
        var incl = WithVat(excl, selected.Component.Vat);
        var parkingFee = phase == PricingPhase.Session && selected.ElementPricesOnlyParking;

        var notes = new List<string>
        {
            phase == PricingPhase.Reservation ? "reservation fee, counted in total_reservation_cost"
            : parkingFee ? "parking fee (its element prices only parking), counted in total_parking_cost"
            : "charged once per session",
        };
        if (periodsWithFlat > 1) notes.Add("FLAT components of later periods are not charged again");

        lines.Add(new PricingLine(PricingLineKind.Priced, index, period.Start, period.LocalStart, selected.ElementIndex,
            selected.ComponentIndex, TariffDimensionType.Flat, null, 1m, 1m, excl, selected.Component.Vat, excl, incl, Join(notes)));
        return new FlatFee(new Price(excl, incl), parkingFee);
    }

    /// <summary>
    /// min_price/max_price clamp the total; the excl. and incl. VAT rules are applied separately and may bind at different points.
    /// </summary>
    private static Price ApplyPriceLimits(List<PricingLine> lines, Tariff tariff, Price beforeLimits)
    {
        var excl = beforeLimits.ExclVat;
        var incl = beforeLimits.InclVat ?? beforeLimits.ExclVat;
        var reasons = new List<string>();

        if (tariff.MinPrice is { } min)
        {
            if (excl < min.ExclVat) { excl = min.ExclVat; reasons.Add($"min_price {Format(min.ExclVat)} excl"); }
            if (min.InclVat is { } minIncl && incl < minIncl) { incl = minIncl; reasons.Add($"min_price {Format(minIncl)} incl"); }
        }
        if (tariff.MaxPrice is { } max)
        {
            if (excl > max.ExclVat) { excl = max.ExclVat; reasons.Add($"max_price {Format(max.ExclVat)} excl"); }
            if (max.InclVat is { } maxIncl && incl > maxIncl) { incl = maxIncl; reasons.Add($"max_price {Format(maxIncl)} incl"); }
        }

        var total = new Price(excl, incl);
        if (reasons.Count > 0)
        {
            lines.Add(new PricingLine(PricingLineKind.PriceLimit, null, null, null, null, null, null, null, 0m, 0m, null, null,
                excl - beforeLimits.ExclVat, incl - (beforeLimits.InclVat ?? beforeLimits.ExclVat),
                $"{string.Join(", ", reasons)} applied; the breakdown totals no longer add up to total_cost"));
        }
        return total;
    }

    /// <summary>VAT per component; a component without <c>vat</c> carries no VAT, so incl equals excl.</summary>
    private static decimal WithVat(decimal exclVat, decimal? vatPercent) =>
        vatPercent is { } vat ? exclVat + exclVat * vat / 100m : exclVat;

    private static string? Join(List<string> notes) => notes.Count == 0 ? null : string.Join("; ", notes);

    private static string Format(decimal value) =>
        decimal.Round(value, 6, MidpointRounding.AwayFromZero).ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A running excl/incl sum.</summary>
    private sealed class Amount
    {
        private decimal _excl;
        private decimal _incl;

        public void Add(Price price)
        {
            _excl += price.ExclVat;
            _incl += price.InclVat ?? price.ExclVat;
        }

        public Price ToPrice() => new(_excl, _incl);
    }
}
