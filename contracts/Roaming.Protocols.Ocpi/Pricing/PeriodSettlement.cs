using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Ocpi.Pricing;

/// <summary>
/// Prices charging periods whose components are already selected: applies step_size once per session, charges FLAT once,
/// computes VAT per component, sums the CDR totals, clamps to min_price/max_price and rounds once to the minor unit.
/// Builds no text: each priced volume is kept as a numeric <see cref="ExplanationFact"/>, and the explanation lines are
/// rendered from them only when someone reads <see cref="PricedSession.Explanation"/>.
/// </summary>
internal static class PeriodSettlement
{
    public const decimal SecondsPerHour = 3600m;
    private const decimal WhPerKwh = 1000m;

    public static PricedSession Settle(
        CompiledTariff compiled,
        IReadOnlyList<MeteredPeriod> periods,
        IReadOnlyList<ChargingPeriod> chargingPeriods,
        decimal totalTimeHours)
    {
        var tariff = compiled.Tariff;
        // The volumes step_size applies to, summed per dimension in one pass (in period order, as before).
        var (energyTotal, parkingTotal, timeTotal, reservationTotal) = (new PricedTotal(), new PricedTotal(), new PricedTotal(), new PricedTotal());
        for (var i = 0; i < periods.Count; i++)
        {
            var period = periods[i];
            var selection = period.Selection;
            if (period.Phase == PricingPhase.Session)
            {
                if (period.EnergyKwh > 0 && selection.For(TariffDimensionType.Energy) is not null) energyTotal.Add(i, period.EnergyKwh);
                if (period.ParkingSeconds > 0 && selection.For(TariffDimensionType.ParkingTime) is not null) parkingTotal.Add(i, period.ParkingSeconds);
                if (period.ChargingSeconds > 0 && selection.For(TariffDimensionType.Time) is not null) timeTotal.Add(i, period.ChargingSeconds);
            }
            else if (period.ReservationSeconds > 0 && selection.For(TariffDimensionType.Time) is not null)
            {
                reservationTotal.Add(i, period.ReservationSeconds);
            }
        }
        var roundings = new SessionRoundings(
            Energy: energyTotal.RoundedUp(periods, TariffDimensionType.Energy, WhPerKwh),
            // Parking and charging time share one step_size application: with priced parking only the parking total is
            // rounded (a charging stretch followed by parking is not rounded up), otherwise the charging time total is.
            Parking: parkingTotal.RoundedUp(periods, TariffDimensionType.ParkingTime, 1m),
            Time: null,
            Reservation: reservationTotal.RoundedUp(periods, TariffDimensionType.Time, 1m));
        if (roundings.Parking is null)
            roundings = roundings with { Time = timeTotal.RoundedUp(periods, TariffDimensionType.Time, 1m) };
        var (energyRounding, timeRounding, parkingRounding, reservationRounding) = (roundings.Energy, roundings.Time, roundings.Parking, roundings.Reservation);

        var facts = new List<ExplanationFact>(periods.Count * 2 + 2);
        var fixedCost = new Amount();
        var energyCost = new Amount();
        var timeCost = new Amount();
        var parkingCost = new Amount();
        var reservationCost = new Amount();
        var totalEnergy = 0m;
        var totalParkingSeconds = 0m;
        var totalReservationSeconds = 0m;

        for (var index = 0; index < periods.Count; index++)
        {
            var period = periods[index];
            if (period.Phase == PricingPhase.Session)
            {
                if (period.EnergyKwh > 0)
                    energyCost.Add(PriceVolume(compiled, facts, index, period, TariffDimensionType.Energy, CdrDimensionType.Energy,
                        period.EnergyKwh, energyRounding, volumeUnitsPerCdrUnit: 1m));
                if (period.ChargingSeconds > 0)
                    timeCost.Add(PriceVolume(compiled, facts, index, period, TariffDimensionType.Time, CdrDimensionType.Time,
                        period.ChargingSeconds, timeRounding, volumeUnitsPerCdrUnit: SecondsPerHour));
                if (period.ParkingSeconds > 0)
                    parkingCost.Add(PriceVolume(compiled, facts, index, period, TariffDimensionType.ParkingTime, CdrDimensionType.ParkingTime,
                        period.ParkingSeconds, parkingRounding, volumeUnitsPerCdrUnit: SecondsPerHour));
                totalEnergy += period.EnergyKwh;
                totalParkingSeconds += period.ParkingSeconds;
            }
            else if (period.ReservationSeconds > 0)
            {
                reservationCost.Add(PriceVolume(compiled, facts, index, period, TariffDimensionType.Time, CdrDimensionType.ReservationTime,
                    period.ReservationSeconds, reservationRounding, volumeUnitsPerCdrUnit: SecondsPerHour));
            }
            totalReservationSeconds += period.ReservationSeconds;
        }

        if (ChargeFlatOnce(facts, periods, PricingPhase.Session) is { } sessionFlat)
        {
            if (sessionFlat.ParkingFee) parkingCost.Add(sessionFlat.Cost);
            else fixedCost.Add(sessionFlat.Cost);
        }
        if (ChargeFlatOnce(facts, periods, PricingPhase.Reservation) is { } reservationFlat)
            reservationCost.Add(reservationFlat.Cost);

        var beforeLimits = new Amount();
        beforeLimits.Add(fixedCost.Sum);
        beforeLimits.Add(energyCost.Sum);
        beforeLimits.Add(timeCost.Sum);
        beforeLimits.Add(parkingCost.Sum);
        beforeLimits.Add(reservationCost.Sum);
        var total = PriceLimits.Apply(tariff, beforeLimits.Sum, reasons: null);
        if (total != beforeLimits.Sum)
            facts.Add(ExplanationFact.OfPriceLimit(total.Excl - beforeLimits.Sum.Excl, total.Incl - beforeLimits.Sum.Incl));

        var minorUnits = Iso4217Currencies.MinorUnits(tariff.Currency);
        Price Round((decimal Excl, decimal Incl) price) => new(RoundMoney(price.Excl, minorUnits), RoundMoney(price.Incl, minorUnits));
        static Price Exact((decimal Excl, decimal Incl) price) => new(price.Excl, price.Incl);

        return new PricedSession
        {
            TariffId = tariff.Id,
            Currency = tariff.Currency,
            ChargingPeriods = chargingPeriods,
            TotalCost = Round(total),
            TotalFixedCost = Round(fixedCost.Sum),
            TotalEnergy = totalEnergy,
            TotalEnergyCost = Round(energyCost.Sum),
            TotalTime = totalTimeHours,
            TotalTimeCost = Round(timeCost.Sum),
            TotalParkingTime = IntegerDivision.DivideBy3600(totalParkingSeconds),
            TotalParkingCost = Round(parkingCost.Sum),
            TotalReservationTime = IntegerDivision.DivideBy3600(totalReservationSeconds),
            TotalReservationCost = Round(reservationCost.Sum),
            Unrounded = new CostBreakdown(
                Exact(fixedCost.Sum), Exact(energyCost.Sum), Exact(timeCost.Sum), Exact(parkingCost.Sum), Exact(reservationCost.Sum),
                Exact(beforeLimits.Sum), Exact(total)),
            Explanation = new SettlementExplanation(compiled, periods, roundings, facts, beforeLimits.Sum),
        };
    }

    /// <summary>Half away from zero: the spec's tariff_3 example rounds 5.625 to 5.63.</summary>
    public static decimal RoundMoney(decimal amount, int minorUnits) =>
        decimal.Round(amount, minorUnits, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The volume of one dimension priced by some component, summed over the session, and the last period with such volume.
    /// step_size applies once per session, to this total, with the step of the last such component; the extra volume is
    /// billed in that last period at its price (OCPI 2.2.1 bug-fix text). Volumes in periods no component prices are free
    /// and not rounded.
    /// </summary>
    private struct PricedTotal()
    {
        private decimal _total;
        private int _last = -1;

        public void Add(int index, decimal volume) => (_total, _last) = (_total + volume, index);

        public readonly StepRounding? RoundedUp(IReadOnlyList<MeteredPeriod> periods, TariffDimensionType dimension, decimal stepUnitsPerVolumeUnit)
        {
            if (_last < 0) return null;
            var step = periods[_last].Selection.For(dimension)!.Component.StepSize;
            var rounded = RoundUpToStep(_total * stepUnitsPerVolumeUnit, step) / stepUnitsPerVolumeUnit;
            return new StepRounding(_last, rounded - _total, step, _total, rounded);
        }
    }

    private static decimal RoundUpToStep(decimal value, int step)
    {
        if (step <= 0) return value;
        // Apportioned volumes carry division noise around the 25th decimal; it must not push a whole extra step.
        var steps = decimal.Round(value / step, 12);
        return decimal.Ceiling(steps) * step;
    }

    /// <summary>The volume with the step_size extra added when this is the period that carries it.</summary>
    public static decimal BilledVolume(decimal volume, int index, in StepRounding? rounding) =>
        rounding is { } step && step.PeriodIndex == index && step.Extra != 0 ? volume + step.Extra : volume;

    private static (decimal Excl, decimal Incl) PriceVolume(
        CompiledTariff compiled,
        List<ExplanationFact> facts,
        int index,
        MeteredPeriod period,
        TariffDimensionType componentType,
        CdrDimensionType dimension,
        decimal volume,
        in StepRounding? rounding,
        decimal volumeUnitsPerCdrUnit)
    {
        if (period.Selection.For(componentType) is not { } selected)
        {
            // A tariff that never prices this dimension needs no line saying so in every period.
            if (compiled.PricesDimension(componentType))
                facts.Add(ExplanationFact.OfVolume(index, componentType, dimension, volume, volumeUnitsPerCdrUnit, 0m, 0m));
            return (0m, 0m);
        }

        // Time volumes are seconds; dividing last keeps whole minutes exact (165 min at 1.00/h is 2.75, not 2.75000...022).
        var billed = BilledVolume(volume, index, rounding);
        var component = selected.Component;
        var excl = volumeUnitsPerCdrUnit == 1m
            ? PowerOfTenDivision.Divide(component.Price * billed, 0)
            : volumeUnitsPerCdrUnit == SecondsPerHour ? IntegerDivision.DivideBy3600(component.Price * billed)
            : component.Price * billed / volumeUnitsPerCdrUnit;
        var incl = WithVat(excl, component.Vat);
        facts.Add(ExplanationFact.OfVolume(index, componentType, dimension, volume, volumeUnitsPerCdrUnit, excl, incl));
        return (excl, incl);
    }

    private readonly record struct FlatFee((decimal Excl, decimal Incl) Cost, bool ParkingFee);

    /// <summary>
    /// FLAT is charged once per session (and once per reservation), from the first period where a FLAT component applies,
    /// even if FLAT components apply in later periods or other elements.
    /// </summary>
    private static FlatFee? ChargeFlatOnce(List<ExplanationFact> facts, IReadOnlyList<MeteredPeriod> periods, PricingPhase phase)
    {
        var index = -1;
        var periodsWithFlat = 0;
        for (var i = 0; i < periods.Count; i++)
        {
            if (periods[i].Phase != phase || periods[i].Selection.For(TariffDimensionType.Flat) is null) continue;
            if (periodsWithFlat++ == 0) index = i;
        }
        if (index < 0) return null;

        var selected = periods[index].Selection.For(TariffDimensionType.Flat)!;
        var excl = selected.Component.Price;
        var incl = WithVat(excl, selected.Component.Vat);
        var parkingFee = phase == PricingPhase.Session && selected.ElementPricesOnlyParking;
        facts.Add(ExplanationFact.OfFlat(index, excl, incl, parkingFee, chargedAgainLater: periodsWithFlat > 1));
        return new FlatFee((excl, incl), parkingFee);
    }

    /// <summary>VAT per component; a component without <c>vat</c> carries no VAT, so incl equals excl.</summary>
    private static decimal WithVat(decimal exclVat, decimal? vatPercent) =>
        vatPercent is { } vat ? exclVat + PowerOfTenDivision.Divide(exclVat * vat, 2) : exclVat;

    /// <summary>A running excl/incl sum; a mutable struct kept in locals, so summing allocates nothing.</summary>
    private struct Amount
    {
        public (decimal Excl, decimal Incl) Sum;

        public void Add((decimal Excl, decimal Incl) price) => Sum = (Sum.Excl + price.Excl, Sum.Incl + price.Incl);
    }
}

/// <summary>The step_size extra of one dimension: billed in period <see cref="PeriodIndex"/>.</summary>
internal readonly record struct StepRounding(int PeriodIndex, decimal Extra, int StepSize, decimal Total, decimal Rounded);

/// <summary>The step_size roundings of a session, one per dimension (TIME only when parking is not priced).</summary>
internal readonly record struct SessionRoundings(StepRounding? Energy, StepRounding? Time, StepRounding? Parking, StepRounding? Reservation)
{
    public StepRounding? Of(CdrDimensionType dimension) => dimension switch
    {
        CdrDimensionType.Energy => Energy,
        CdrDimensionType.Time => Time,
        CdrDimensionType.ParkingTime => Parking,
        CdrDimensionType.ReservationTime => Reservation,
        _ => null,
    };
}

/// <summary>
/// min_price/max_price clamp the total; the excl. and incl. VAT rules are applied separately and may bind at different points.
/// One rule for pricing and for explaining: the reasons are written only when a list is passed.
/// </summary>
internal static class PriceLimits
{
    public static (decimal Excl, decimal Incl) Apply(Tariff tariff, (decimal Excl, decimal Incl) beforeLimits, List<string>? reasons)
    {
        var (excl, incl) = beforeLimits;
        if (tariff.MinPrice is { } min)
        {
            if (excl < min.ExclVat) { excl = min.ExclVat; reasons?.Add($"min_price {ExplanationFormat.Number(min.ExclVat)} excl"); }
            if (min.InclVat is { } minIncl && incl < minIncl) { incl = minIncl; reasons?.Add($"min_price {ExplanationFormat.Number(minIncl)} incl"); }
        }
        if (tariff.MaxPrice is { } max)
        {
            if (excl > max.ExclVat) { excl = max.ExclVat; reasons?.Add($"max_price {ExplanationFormat.Number(max.ExclVat)} excl"); }
            if (max.InclVat is { } maxIncl && incl > maxIncl) { incl = maxIncl; reasons?.Add($"max_price {ExplanationFormat.Number(maxIncl)} incl"); }
        }
        return (excl, incl);
    }
}
