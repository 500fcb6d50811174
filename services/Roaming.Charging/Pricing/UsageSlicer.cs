using NodaTime;
using Roaming.Charging.Tariffs;

namespace Roaming.Charging.Pricing;

/// <summary>
/// A stretch of usage that is priced as one unit: between two points where a price could change.
/// <see cref="StartsAtReading"/>/<see cref="EndsAtReading"/> say whether its ends are ends of a meter interval,
/// i.e. whether its energy was read or had to be apportioned.
/// </summary>
internal readonly record struct UsageSlice(
    Instant From,
    Instant To,
    PricingPhase Phase,
    bool Charging,
    decimal EnergyKwh,
    decimal? PowerKw,
    decimal? CurrentA,
    bool SourceInterpolated,
    bool EnergyClampedAtZero,
    bool StartsAtReading = true,
    bool EndsAtReading = true)
{
    public long Nanoseconds => (To - From).ToInt64Nanoseconds();

    public decimal Seconds => Nanoseconds / (decimal)NodaConstants.NanosecondsPerSecond;

    /// <summary>The measured power, or else the average power of the slice, which is what a kW restriction can be held against.</summary>
    public decimal? EffectivePowerKw => PowerKw ?? (Nanoseconds > 0 ? EnergyKwh * 3600m / Seconds : null);

    /// <summary>
    /// Splits at <paramref name="at"/>. Without a given energy for the first part the energy is apportioned by time,
    /// i.e. assuming constant power within the meter interval. The second part gets the remainder, so the parts always add up.
    /// </summary>
    public (UsageSlice First, UsageSlice Second) SplitAt(Instant at, decimal? energyOfFirst = null)
    {
        var firstEnergy = energyOfFirst ?? EnergyKwh * (at - From).ToInt64Nanoseconds() / Nanoseconds;
        return (this with { To = at, EnergyKwh = firstEnergy, EndsAtReading = false },
                this with { From = at, EnergyKwh = EnergyKwh - firstEnergy, StartsAtReading = false });
    }
}

/// <summary>
/// A charging period ready to be priced: its volumes, the local time it starts and the components its restrictions select.
/// Built from meter usage (split wherever a price can change, then merged where nothing changes) or taken from a CDR.
/// </summary>
internal sealed record MeteredPeriod(
    Instant Start,
    LocalDateTime LocalStart,
    PricingPhase Phase,
    bool Charging,
    decimal EnergyKwh,
    decimal ChargingSeconds,
    decimal ParkingSeconds,
    decimal ReservationSeconds,
    ComponentSelection Selection,
    bool EnergyInterpolated = false,
    bool EnergyClampedAtZero = false,
    decimal? MinPowerKw = null,
    decimal? MaxPowerKw = null,
    decimal? MinCurrentA = null,
    decimal? MaxCurrentA = null)
{
    public ChargingPeriod ToChargingPeriod(string tariffId)
    {
        var dimensions = new List<CdrDimension>();
        if (Phase == PricingPhase.Reservation)
        {
            dimensions.Add(new CdrDimension(CdrDimensionType.ReservationTime, ReservationSeconds / 3600m));
        }
        else
        {
            if (Charging || EnergyKwh > 0) dimensions.Add(new CdrDimension(CdrDimensionType.Energy, EnergyKwh));
            if (ChargingSeconds > 0) dimensions.Add(new CdrDimension(CdrDimensionType.Time, ChargingSeconds / 3600m));
            if (ParkingSeconds > 0) dimensions.Add(new CdrDimension(CdrDimensionType.ParkingTime, ParkingSeconds / 3600m));
        }
        if (MinCurrentA is { } minCurrent) dimensions.Add(new CdrDimension(CdrDimensionType.MinCurrent, minCurrent));
        if (MaxCurrentA is { } maxCurrent) dimensions.Add(new CdrDimension(CdrDimensionType.MaxCurrent, maxCurrent));
        if (MinPowerKw is { } minPower) dimensions.Add(new CdrDimension(CdrDimensionType.MinPower, minPower));
        if (MaxPowerKw is { } maxPower) dimensions.Add(new CdrDimension(CdrDimensionType.MaxPower, maxPower));
        return new ChargingPeriod(Start, dimensions, tariffId);
    }
}

/// <summary>
/// Turns meter usage into charging periods: splits it at every point where a price can change (local time-of-day and
/// date boundaries, DST transitions, duration and kWh thresholds; power, current and charging/parking changes are already
/// interval boundaries), selects the components at the start of each piece, and merges neighbours priced identically.
/// Slices are structs in lists sized up front; boundaries are computed once per phase and walked with a cursor.
/// </summary>
internal static class UsageSlicer
{
    public static IReadOnlyList<MeteredPeriod> Slice(TariffRules rules, DateTimeZone zone, SessionUsage usage)
    {
        var periods = new List<MeteredPeriod>();

        if (usage.Reservation is { } reservation && reservation.To > reservation.From)
        {
            var reservationSlice = new UsageSlice(
                reservation.From, reservation.To, PricingPhase.Reservation, Charging: false, EnergyKwh: 0m,
                PowerKw: null, CurrentA: null, SourceInterpolated: false, EnergyClampedAtZero: false);
            var slices = SplitAtTimes(rules, zone, [reservationSlice], reservation.From);
            var selections = new ComponentSelection[slices.Count];
            for (var i = 0; i < slices.Count; i++)
                selections[i] = rules.Select(Context(slices[i], zone, reservation.From, 0m, reservation.Expired));
            Merge(periods, slices, selections, zone);
        }

        var sessionSlices = new List<UsageSlice>(usage.Intervals.Count);
        foreach (var interval in usage.Intervals)
        {
            sessionSlices.Add(new UsageSlice(
                interval.From, interval.To, PricingPhase.Session, interval.Charging, interval.EnergyKwh,
                interval.PowerKw, interval.CurrentA, interval.EnergyInterpolated, interval.EnergyClampedAtZero));
        }
        sessionSlices = SplitAtTimes(rules, zone, sessionSlices, usage.Start);
        sessionSlices = SplitAtKwhThresholds(rules, sessionSlices);

        var sessionSelections = new ComponentSelection[sessionSlices.Count];
        var energySoFar = 0m;
        for (var i = 0; i < sessionSlices.Count; i++)
        {
            sessionSelections[i] = rules.Select(Context(sessionSlices[i], zone, usage.Start, energySoFar, reservationExpired: false));
            energySoFar += sessionSlices[i].EnergyKwh;
        }
        Merge(periods, sessionSlices, sessionSelections, zone);
        return periods;
    }

    private static PeriodContext Context(in UsageSlice slice, DateTimeZone zone, Instant phaseStart, decimal energySoFar, bool reservationExpired) =>
        new(slice.Phase,
            reservationExpired,
            slice.From.InZone(zone).LocalDateTime,
            energySoFar,
            (slice.From - phaseStart).ToInt64Nanoseconds() / (decimal)NodaConstants.NanosecondsPerSecond,
            slice.Phase == PricingPhase.Session ? slice.EffectivePowerKw : null,
            slice.CurrentA);

    private static List<UsageSlice> SplitAtTimes(TariffRules rules, DateTimeZone zone, List<UsageSlice> slices, Instant phaseStart)
    {
        if (slices.Count == 0) return slices;
        var points = TimeBoundaries(rules, zone, slices[0].From, slices[^1].To, phaseStart);
        if (points.Count == 0) return slices;

        var result = new List<UsageSlice>(slices.Count + points.Count);
        var next = 0;
        foreach (var slice in slices)
        {
            // Slices are contiguous and in order, and so are the points: a cursor finds those inside each slice.
            while (next < points.Count && points[next] <= slice.From) next++;
            var rest = slice;
            while (next < points.Count && points[next] < slice.To)
            {
                var (first, second) = rest.SplitAt(points[next]);
                result.Add(first);
                rest = second;
                next++;
            }
            result.Add(rest);
        }
        return result;
    }

    /// <summary>
    /// Every instant in (from, to) where a time-based restriction can switch, in order and once: each restriction's start/end
    /// time and local midnight (for dates and weekdays) on every local day, both occurrences of a repeated local time, every
    /// UTC offset change (local time jumps there, possibly across a boundary), and the session-duration thresholds.
    /// </summary>
    private static List<Instant> TimeBoundaries(TariffRules rules, DateTimeZone zone, Instant from, Instant to, Instant phaseStart)
    {
        var points = new List<Instant>();
        if (to <= from) return points;

        void AddInside(Instant point)
        {
            if (point > from && point < to) points.Add(point);
        }

        if (rules.HasCalendarRestrictions)
        {
            var times = rules.TimeOfDayBoundaries;
            var lastDate = to.InZone(zone).Date.PlusDays(1);
            for (var date = from.InZone(zone).Date.PlusDays(-1); date <= lastDate; date = date.PlusDays(1))
            {
                foreach (var time in times)
                {
                    // A local time skipped by a DST gap maps to nothing; the offset change below is where local time passes it.
                    var mapping = zone.MapLocal(date.At(time));
                    if (mapping.Count == 0) continue;
                    AddInside(mapping.First().ToInstant());
                    AddInside(mapping.Last().ToInstant());
                }
            }
            foreach (var interval in zone.GetZoneIntervals(from, to))
            {
                if (interval.HasStart) AddInside(interval.Start);
            }
        }

        foreach (var seconds in rules.DurationThresholdsSeconds)
            AddInside(phaseStart + Duration.FromSeconds(seconds));

        if (points.Count < 2) return points;
        points.Sort();
        var distinct = 1;
        for (var i = 1; i < points.Count; i++)
        {
            if (points[i] != points[distinct - 1]) points[distinct++] = points[i];
        }
        points.RemoveRange(distinct, points.Count - distinct);
        return points;
    }

    /// <summary>Splits where the session's cumulative energy reaches a min_kwh/max_kwh threshold, assuming constant power within a slice.</summary>
    private static List<UsageSlice> SplitAtKwhThresholds(TariffRules rules, List<UsageSlice> slices)
    {
        var thresholds = rules.KwhThresholds;
        if (thresholds.Count == 0) return slices;

        var result = new List<UsageSlice>(slices.Count + thresholds.Count);
        var energySoFar = 0m;
        foreach (var slice in slices)
        {
            var rest = slice;
            foreach (var threshold in thresholds)
            {
                if (threshold <= energySoFar) continue;
                if (threshold >= energySoFar + rest.EnergyKwh) break;
                var energyToThreshold = threshold - energySoFar;
                var offset = (long)decimal.Round(rest.Nanoseconds * energyToThreshold / rest.EnergyKwh);
                var at = rest.From + Duration.FromNanoseconds(offset);
                // Less than a nanosecond away from an end: no time left to split; the whole slice keeps its start's price.
                if (at <= rest.From || at >= rest.To) continue;
                var (first, second) = rest.SplitAt(at, energyToThreshold);
                result.Add(first);
                energySoFar += first.EnergyKwh;
                rest = second;
            }
            result.Add(rest);
            energySoFar += rest.EnergyKwh;
        }
        return result;
    }

    /// <summary>
    /// Merges neighbouring slices in the same state whose volumes are priced by the same components into one charging period.
    /// A component of a dimension the slice has no volume in does not matter (a parking price changing while the EV charges
    /// opens no period), except FLAT: the first period with a FLAT component decides the fee.
    /// </summary>
    private static void Merge(List<MeteredPeriod> periods, List<UsageSlice> slices, ComponentSelection[] selections, DateTimeZone zone)
    {
        if (slices.Count == 0) return;
        var groupStart = 0;
        var groupKey = selections[0].MergeKey(PricedDimensions(slices[0]));
        for (var i = 1; i < slices.Count; i++)
        {
            var key = selections[i].MergeKey(PricedDimensions(slices[i]));
            if (slices[i].Charging == slices[groupStart].Charging && string.Equals(key, groupKey, StringComparison.Ordinal)) continue;
            periods.Add(ToPeriod(slices, groupStart, i, selections[groupStart], zone));
            groupStart = i;
            groupKey = key;
        }
        periods.Add(ToPeriod(slices, groupStart, slices.Count, selections[groupStart], zone));
    }

    private static PricedDimensionSet PricedDimensions(in UsageSlice slice) => slice switch
    {
        { Phase: PricingPhase.Reservation } => PricedDimensionSet.Reservation,
        { Charging: true } => PricedDimensionSet.Charging,
        { EnergyKwh: > 0 } => PricedDimensionSet.ParkingWithEnergy,
        _ => PricedDimensionSet.Parking,
    };

    /// <summary>One charging period from slices [<paramref name="from"/>, <paramref name="to"/>); sums run in slice order, as before merging.</summary>
    private static MeteredPeriod ToPeriod(List<UsageSlice> slices, int from, int to, ComponentSelection selection, DateTimeZone zone)
    {
        var first = slices[from];
        var energy = 0m;
        var seconds = 0m;
        decimal? minPower = null, maxPower = null, minCurrent = null, maxCurrent = null;
        var anyInterpolated = false;
        var anyClamped = false;
        for (var i = from; i < to; i++)
        {
            var slice = slices[i];
            energy += slice.EnergyKwh;
            seconds += slice.Seconds;
            anyInterpolated |= slice.SourceInterpolated;
            anyClamped |= slice.EnergyClampedAtZero;
            if (slice.PowerKw is { } power)
            {
                if (minPower is null || power < minPower) minPower = power;
                if (maxPower is null || power > maxPower) maxPower = power;
            }
            if (slice.CurrentA is { } current)
            {
                if (minCurrent is null || current < minCurrent) minCurrent = current;
                if (maxCurrent is null || current > maxCurrent) maxCurrent = current;
            }
        }
        var apportioned = anyInterpolated || !first.StartsAtReading || !slices[to - 1].EndsAtReading;

        return new MeteredPeriod(
            first.From,
            first.From.InZone(zone).LocalDateTime,
            first.Phase,
            first.Charging,
            energy,
            ChargingSeconds: first.Phase == PricingPhase.Session && first.Charging ? seconds : 0m,
            ParkingSeconds: first.Phase == PricingPhase.Session && !first.Charging ? seconds : 0m,
            ReservationSeconds: first.Phase == PricingPhase.Reservation ? seconds : 0m,
            selection,
            EnergyInterpolated: energy > 0 && apportioned,
            EnergyClampedAtZero: anyClamped,
            MinPowerKw: minPower,
            MaxPowerKw: maxPower,
            MinCurrentA: minCurrent,
            MaxCurrentA: maxCurrent);
    }
}
