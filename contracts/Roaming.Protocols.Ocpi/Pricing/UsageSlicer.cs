using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;
using Roaming.Protocols.Ocpi;

namespace Roaming.Protocols.Ocpi.Pricing;

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

    /// <summary>Exactly <c>Nanoseconds / 1e9m</c>, digit for digit and scale (trailing zeros dropped), without a decimal division.</summary>
    public decimal Seconds => SecondsOf(Nanoseconds);

    private static decimal SecondsOf(long nanoseconds)
    {
        if (nanoseconds < 0) return -SecondsOf(-nanoseconds);
        return SecondsAtScale(nanoseconds, SecondsScaleOf(nanoseconds));
    }

    /// <summary>The decimal places <see cref="Seconds"/> has for a non-negative duration: 0 for whole seconds, up to 9.</summary>
    public static byte SecondsScaleOf(long nanoseconds)
    {
        if (nanoseconds % NodaConstants.NanosecondsPerSecond == 0) return 0;
        byte scale = 9;
        while (nanoseconds % 10 == 0)
        {
            nanoseconds /= 10;
            scale--;
        }
        return scale;
    }

    /// <summary>
    /// Non-negative nanoseconds as seconds with <paramref name="scale"/> decimal places (at least those the value needs). The sum
    /// of <see cref="Seconds"/> values, as decimal addition makes it, is exactly this for the summed nanoseconds and the largest scale.
    /// </summary>
    public static decimal SecondsAtScale(long nanoseconds, byte scale)
    {
        for (var drop = 9 - scale; drop > 0; drop--) nanoseconds /= 10;
        return new decimal((int)(nanoseconds & 0xFFFF_FFFF), (int)(nanoseconds >> 32), 0, isNegative: false, scale);
    }

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
    DateTimeZone Zone,
    PricingPhase Phase,
    bool Charging,
    decimal EnergyKwh,
    decimal ChargingSeconds,
    decimal ParkingSeconds,
    decimal ReservationSeconds,
    ComponentSelection Selection,
    bool EnergyInterpolated = false,
    bool EnergyClampedAtZero = false)
{
    /// <summary>The local time the period starts; only explanations read it, so it is mapped on reading, not per period priced.</summary>
    public LocalDateTime LocalStart => Start.InZone(Zone).LocalDateTime;

    /// <summary>
    /// The OCPI charging period, with the measured power and current extremes of the period (only the CDR carries them, so
    /// they are handed over here rather than kept in every priced period).
    /// </summary>
    public ChargingPeriod ToChargingPeriod(string tariffId, decimal? minPowerKw, decimal? maxPowerKw, decimal? minCurrentA, decimal? maxCurrentA)
    {
        var reservation = Phase == PricingPhase.Reservation;
        var withEnergy = !reservation && (Charging || EnergyKwh > 0);
        var withTime = !reservation && ChargingSeconds > 0;
        var withParking = !reservation && ParkingSeconds > 0;
        // Counted first, so the dimensions are one array of the right size.
        var dimensions = new CdrDimension[(reservation ? 1 : 0) + (withEnergy ? 1 : 0) + (withTime ? 1 : 0) + (withParking ? 1 : 0) +
                                           (minCurrentA is null ? 0 : 1) + (maxCurrentA is null ? 0 : 1) +
                                           (minPowerKw is null ? 0 : 1) + (maxPowerKw is null ? 0 : 1)];
        var count = 0;
        if (reservation) dimensions[count++] = new CdrDimension(CdrDimensionType.ReservationTime, IntegerDivision.DivideBy3600(ReservationSeconds));
        if (withEnergy) dimensions[count++] = new CdrDimension(CdrDimensionType.Energy, EnergyKwh);
        if (withTime) dimensions[count++] = new CdrDimension(CdrDimensionType.Time, IntegerDivision.DivideBy3600(ChargingSeconds));
        if (withParking) dimensions[count++] = new CdrDimension(CdrDimensionType.ParkingTime, IntegerDivision.DivideBy3600(ParkingSeconds));
        if (minCurrentA is { } minCurrent) dimensions[count++] = new CdrDimension(CdrDimensionType.MinCurrent, minCurrent);
        if (maxCurrentA is { } maxCurrent) dimensions[count++] = new CdrDimension(CdrDimensionType.MaxCurrent, maxCurrent);
        if (minPowerKw is { } minPower) dimensions[count++] = new CdrDimension(CdrDimensionType.MinPower, minPower);
        if (maxPowerKw is { } maxPower) dimensions[count++] = new CdrDimension(CdrDimensionType.MaxPower, maxPower);
        return new ChargingPeriod(Start, dimensions, tariffId);
    }
}

/// <summary>
/// Turns meter usage into charging periods: splits it at every point where a price can change (local time-of-day and
/// date boundaries, DST transitions, duration and kWh thresholds; power, current and charging/parking changes are already
/// interval boundaries), selects the components at the start of each piece, and merges neighbours priced identically.
/// One pass: each interval is cut at the time boundaries (computed once per phase, walked with a cursor), each piece at
/// the kWh thresholds, and each resulting slice goes straight into the period being merged; no list of slices is built.
/// </summary>
internal static class UsageSlicer
{
    /// <summary>The priced periods and, built in the same pass, the CDR's charging periods (one per priced period).</summary>
    public static (List<MeteredPeriod> Periods, List<ChargingPeriod> ChargingPeriods) Slice(TariffRules rules, DateTimeZone zone, SessionUsage usage, string tariffId)
    {
        var periods = new List<MeteredPeriod>();
        var chargingPeriods = new List<ChargingPeriod>();
        if (usage.Reservation is { } reservation && reservation.To > reservation.From)
            SliceReservation(rules, zone, reservation, new PeriodMerger(periods, chargingPeriods, zone, tariffId));
        if (usage.Intervals.Count > 0)
            SliceSession(rules, zone, usage, new PeriodMerger(periods, chargingPeriods, zone, tariffId));
        return (periods, chargingPeriods);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SliceReservation(TariffRules rules, DateTimeZone zone, ReservationUsage reservation, PeriodMerger merger)
    {
        var reservationSlice = new UsageSlice(
            reservation.From, reservation.To, PricingPhase.Reservation, Charging: false, EnergyKwh: 0m,
            PowerKw: null, CurrentA: null, SourceInterpolated: false, EnergyClampedAtZero: false);
        var points = TimeBoundaries(rules, zone, reservation.From, reservation.To, reservation.From);
        var next = 0;
        foreach (var slice in SplitAtTimes(reservationSlice, points, ref next, []))
            merger.Add(slice, rules.Select(Context(rules, slice, zone, reservation.From, 0m, reservation.Expired)));
        merger.Flush();
    }

    /// <summary>
    /// The per-interval loop, kept small: the JIT inlines the whole-interval path into it only while the method stays within
    /// its inlining budget, so the rare paths (an interval split at a boundary, a new selection, closing a period) are
    /// methods of their own.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SliceSession(TariffRules rules, DateTimeZone zone, SessionUsage usage, PeriodMerger merger)
    {
        var intervals = IntervalsOf(usage);
        var points = TimeBoundaries(rules, zone, intervals[0].From, intervals[^1].To, usage.Start);
        var thresholds = rules.KwhThresholds;
        var pieces = new List<UsageSlice>();
        var next = 0;
        // The session's cumulative energy, summed slice by slice exactly as decimal addition would (integer arithmetic
        // while the energies are register differences of a few digits).
        var energySoFar = new ExactDecimalSum();
        var held = new HeldSelection(rules, points, thresholds);
        var thresholdsPassed = 0;
        foreach (var interval in intervals)
        {
            // Most intervals have no time boundary and no kWh threshold inside: they go into the period whole, as the
            // one piece the general path would make of them (same slice, same selection, same sums), read straight
            // from the interval.
            while (next < points.Count && points[next] <= interval.From) next++;
            while (thresholdsPassed < thresholds.Length && energySoFar.CompareTo(thresholds[thresholdsPassed]) >= 0) thresholdsPassed++;
            var energyAfterWhole = energySoFar;
            energyAfterWhole.Add(interval.EnergyKwh);
            if ((next == points.Count || points[next] >= interval.To) &&
                (thresholdsPassed == thresholds.Length || energyAfterWhole.CompareTo(thresholds[thresholdsPassed]) <= 0))
            {
                merger.AddWhole(interval, held.SelectWhole(interval, next, thresholdsPassed, energySoFar, zone, usage.Start));
                energySoFar = energyAfterWhole;
                continue;
            }
            SplitInterval(interval, points, thresholds, pieces, zone, usage.Start, ref next, ref energySoFar, ref held, ref merger);
        }
        merger.Flush();
    }

    /// <summary>The intervals as a span: the list or array behind them, read without an interface call per interval.</summary>
    internal static ReadOnlySpan<UsageInterval> IntervalsOf(SessionUsage usage) => usage.Intervals switch
    {
        UsageInterval[] array => array,
        List<UsageInterval> list => CollectionsMarshal.AsSpan(list),
        var other => other.ToArray(),
    };

    /// <summary>An interval with a time boundary or a kWh threshold inside, cut there into slices priced each at its start.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SplitInterval(
        UsageInterval interval, List<Instant> points, ImmutableArray<decimal> thresholds, List<UsageSlice> pieces, DateTimeZone zone,
        Instant sessionStart, ref int next, ref ExactDecimalSum energySoFar, ref HeldSelection held, ref PeriodMerger merger)
    {
        foreach (var piece in SplitAtTimes(WholeSlice(interval), points, ref next, pieces))
        {
            // Splits where the session's cumulative energy reaches a min_kwh/max_kwh threshold, assuming constant
            // power within the piece; every slice is priced at its start with the energy before it.
            var rest = piece;
            // The cumulative energy after the rest of the piece, added once and reused (same operands, same result).
            var energyAfter = energySoFar;
            energyAfter.Add(rest.EnergyKwh);
            foreach (var threshold in thresholds)
            {
                if (energySoFar.CompareTo(threshold) >= 0) continue;
                if (energyAfter.CompareTo(threshold) <= 0) break;
                var energyToThreshold = threshold - energySoFar.Value;
                var offset = (long)decimal.Round(rest.Nanoseconds * energyToThreshold / rest.EnergyKwh);
                var at = rest.From + Duration.FromNanoseconds(offset);
                // Less than a nanosecond away from an end: no time left to split; the whole slice keeps its start's price.
                if (at <= rest.From || at >= rest.To) continue;
                var (first, second) = rest.SplitAt(at, energyToThreshold);
                merger.Add(first, held.Select(first, energySoFar, zone, sessionStart));
                energySoFar.Add(first.EnergyKwh);
                rest = second;
                energyAfter = energySoFar;
                energyAfter.Add(rest.EnergyKwh);
            }
            merger.Add(rest, held.Select(rest, energySoFar, zone, sessionStart));
            energySoFar = energyAfter;
        }
    }

    private static UsageSlice WholeSlice(UsageInterval interval) =>
        new(interval.From, interval.To, PricingPhase.Session, interval.Charging, interval.EnergyKwh,
            interval.PowerKw, interval.CurrentA, interval.EnergyInterpolated, interval.EnergyClampedAtZero);

    /// <summary>The average power of a slice costs two decimal divisions; it is worked out only for a tariff that restricts power.</summary>
    private static PeriodContext Context(
        TariffRules rules, in UsageSlice slice, DateTimeZone zone, Instant phaseStart, decimal energySoFar, bool reservationExpired) =>
        new(slice.Phase,
            reservationExpired,
            slice.From.InZone(zone).LocalDateTime,
            energySoFar,
            (slice.From - phaseStart).ToInt64Nanoseconds(),
            slice.Phase == PricingPhase.Session && rules.RestrictsPower ? slice.EffectivePowerKw : null,
            slice.CurrentA);

    /// <summary>
    /// The selection of the previous session slice, reused while nothing its restrictions depend on can have changed: no time
    /// boundary (time of day, date, weekday, DST change, duration threshold) and no kWh threshold passed since, the same
    /// measured power (when power is restricted; an average power is worked out anew) and the same current (when current is
    /// restricted). Slices come in time order and energy never decreases, so both boundary lists are walked with a cursor.
    /// The outcome of every restriction is constant between neighbouring boundaries, which is why slicing splits there.
    /// </summary>
    private struct HeldSelection(TariffRules rules, List<Instant> timeBoundaries, ImmutableArray<decimal> kwhThresholds)
    {
        private ComponentSelection? _selection;
        private int _timeBoundariesPassed;
        private int _kwhThresholdsPassed;
        private int _heldTimeBoundaries;
        private int _heldKwhThresholds;
        private decimal? _heldPower;
        private decimal? _heldCurrent;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public ComponentSelection Select(in UsageSlice slice, in ExactDecimalSum energySoFar, DateTimeZone zone, Instant sessionStart)
        {
            while (_timeBoundariesPassed < timeBoundaries.Count && timeBoundaries[_timeBoundariesPassed] <= slice.From) _timeBoundariesPassed++;
            while (_kwhThresholdsPassed < kwhThresholds.Length && energySoFar.CompareTo(kwhThresholds[_kwhThresholdsPassed]) >= 0) _kwhThresholdsPassed++;

            if (_selection is { } known &&
                _heldTimeBoundaries == _timeBoundariesPassed &&
                _heldKwhThresholds == _kwhThresholdsPassed &&
                (!rules.RestrictsPower || (slice.PowerKw is { } power && _heldPower == power)) &&
                (!rules.RestrictsCurrent || _heldCurrent == slice.CurrentA))
            {
                return known;
            }

            _selection = rules.Select(Context(rules, slice, zone, sessionStart, energySoFar.Value, reservationExpired: false));
            (_heldTimeBoundaries, _heldKwhThresholds, _heldPower, _heldCurrent) =
                (_timeBoundariesPassed, _kwhThresholdsPassed, slice.PowerKw, slice.CurrentA);
            return _selection;
        }

        /// <summary>
        /// <see cref="Select"/> for a whole interval whose boundary counts the caller has just walked (the same counts: time
        /// boundaries at or before its start, kWh thresholds at or below the energy before it); the slice is built only
        /// when the selection has to be worked out anew.
        /// </summary>
        public ComponentSelection SelectWhole(
            UsageInterval interval, int timeBoundariesPassed, int kwhThresholdsPassed, in ExactDecimalSum energySoFar, DateTimeZone zone, Instant sessionStart)
        {
            (_timeBoundariesPassed, _kwhThresholdsPassed) = (timeBoundariesPassed, kwhThresholdsPassed);
            if (_selection is { } known &&
                _heldTimeBoundaries == timeBoundariesPassed &&
                _heldKwhThresholds == kwhThresholdsPassed &&
                (!rules.RestrictsPower || (interval.PowerKw is { } power && _heldPower == power)) &&
                (!rules.RestrictsCurrent || _heldCurrent == interval.CurrentA))
            {
                return known;
            }
            return Select(WholeSlice(interval), energySoFar, zone, sessionStart);
        }
    }

    /// <summary>
    /// Cuts one slice at the <paramref name="points"/> inside it into <paramref name="pieces"/> (cleared and reused).
    /// Slices come contiguous and in order, and so do the points: <paramref name="next"/> is the cursor into them.
    /// </summary>
    private static List<UsageSlice> SplitAtTimes(UsageSlice slice, List<Instant> points, ref int next, List<UsageSlice> pieces)
    {
        pieces.Clear();
        while (next < points.Count && points[next] <= slice.From) next++;
        var rest = slice;
        while (next < points.Count && points[next] < slice.To)
        {
            var (first, second) = rest.SplitAt(points[next]);
            pieces.Add(first);
            rest = second;
            next++;
        }
        pieces.Add(rest);
        return pieces;
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
            // A local time maps to instants between it minus the zone's largest and its smallest UTC offset: one that cannot
            // land inside (from, to) is not mapped at all (mapping costs more than the rest of a short session's slicing).
            var (maxOffset, minOffset) = (Duration.FromSeconds(zone.MaxOffset.Seconds), Duration.FromSeconds(zone.MinOffset.Seconds));
            for (var date = from.InZone(zone).Date.PlusDays(-1); date <= lastDate; date = date.PlusDays(1))
            {
                foreach (var time in times)
                {
                    var local = date.At(time);
                    var asIfUtc = local.InUtc().ToInstant();
                    if (asIfUtc - maxOffset >= to || asIfUtc - minOffset <= from) continue;
                    // A local time skipped by a DST gap maps to nothing; the offset change below is where local time passes it.
                    var mapping = zone.MapLocal(local);
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

    /// <summary>
    /// Merges neighbouring slices in the same state whose volumes are priced by the same components into one charging period.
    /// A component of a dimension the slice has no volume in does not matter (a parking price changing while the EV charges
    /// opens no period), except FLAT: the first period with a FLAT component decides the fee. Sums run in slice order.
    /// </summary>
    private struct PeriodMerger(List<MeteredPeriod> periods, List<ChargingPeriod> chargingPeriods, DateTimeZone zone, string tariffId)
    {
        private bool _open;
        // The first slice's start, phase, state and whether it starts at a reading: all a period needs of it.
        private Instant _from;
        private PricingPhase _phase;
        private bool _charging;
        private bool _firstStartsAtReading;
        private bool _lastEndsAtReading;
        private ComponentSelection _selection = null!;
        private string _key = "";
        private ExactDecimalSum _energy;
        // Seconds summed as nanoseconds and the largest decimal scale of a slice's seconds: no decimal addition per slice.
        private long _nanoseconds;
        private byte _secondsScale;
        private long _lastNanoseconds;
        private byte _lastSecondsScale;
        private decimal? _minPower, _maxPower, _minCurrent, _maxCurrent;
        private bool _anyInterpolated;
        private bool _anyClamped;

        public void Add(in UsageSlice slice, ComponentSelection selection) =>
            Add(slice.From, slice.To, slice.Phase, slice.Charging, slice.EnergyKwh, slice.PowerKw, slice.CurrentA,
                slice.SourceInterpolated, slice.EnergyClampedAtZero, slice.StartsAtReading, slice.EndsAtReading, selection);

        /// <summary>A whole session interval as one slice, read straight from the interval (no slice is built for it).</summary>
        public void AddWhole(UsageInterval interval, ComponentSelection selection) =>
            Add(interval.From, interval.To, PricingPhase.Session, interval.Charging, interval.EnergyKwh, interval.PowerKw, interval.CurrentA,
                interval.EnergyInterpolated, interval.EnergyClampedAtZero, startsAtReading: true, endsAtReading: true, selection);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Add(
            Instant from, Instant to, PricingPhase phase, bool charging, decimal energyKwh, decimal? powerKw, decimal? currentA,
            bool interpolated, bool clamped, bool startsAtReading, bool endsAtReading, ComponentSelection selection)
        {
            var key = selection.MergeKey(PricedDimensions(phase, charging, energyKwh));
            if (_open && (charging != _charging || !ReferenceEquals(key, _key) && !string.Equals(key, _key, StringComparison.Ordinal))) Flush();
            if (!_open)
            {
                (_open, _from, _phase, _charging, _firstStartsAtReading, _selection, _key) = (true, from, phase, charging, startsAtReading, selection, key);
                (_energy, _nanoseconds, _secondsScale, _minPower, _maxPower, _minCurrent, _maxCurrent) = (default, 0L, 0, null, null, null, null);
                (_anyInterpolated, _anyClamped) = (false, false);
            }
            _energy.Add(energyKwh);
            var nanoseconds = (to - from).ToInt64Nanoseconds();
            _nanoseconds += nanoseconds;
            // Meter intervals mostly repeat one length: its scale is worked out once, not per slice.
            if (nanoseconds != _lastNanoseconds) (_lastNanoseconds, _lastSecondsScale) = (nanoseconds, UsageSlice.SecondsScaleOf(nanoseconds));
            if (_lastSecondsScale > _secondsScale) _secondsScale = _lastSecondsScale;
            _anyInterpolated |= interpolated;
            _anyClamped |= clamped;
            _lastEndsAtReading = endsAtReading;
            if (powerKw is { } power)
            {
                if (_minPower is not { } minPower || ExactDecimal.Compare(power, minPower) < 0) _minPower = power;
                if (_maxPower is not { } maxPower || ExactDecimal.Compare(power, maxPower) > 0) _maxPower = power;
            }
            if (currentA is { } current)
            {
                if (_minCurrent is not { } minCurrent || ExactDecimal.Compare(current, minCurrent) < 0) _minCurrent = current;
                if (_maxCurrent is not { } maxCurrent || ExactDecimal.Compare(current, maxCurrent) > 0) _maxCurrent = current;
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Flush()
        {
            if (!_open) return;
            _open = false;
            var seconds = UsageSlice.SecondsAtScale(_nanoseconds, _secondsScale);
            var energy = _energy.Value;
            var apportioned = _anyInterpolated || !_firstStartsAtReading || !_lastEndsAtReading;
            var period = new MeteredPeriod(
                _from,
                zone,
                _phase,
                _charging,
                energy,
                ChargingSeconds: _phase == PricingPhase.Session && _charging ? seconds : 0m,
                ParkingSeconds: _phase == PricingPhase.Session && !_charging ? seconds : 0m,
                ReservationSeconds: _phase == PricingPhase.Reservation ? seconds : 0m,
                _selection,
                EnergyInterpolated: energy > 0 && apportioned,
                EnergyClampedAtZero: _anyClamped);
            periods.Add(period);
            chargingPeriods.Add(period.ToChargingPeriod(tariffId, _minPower, _maxPower, _minCurrent, _maxCurrent));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static PricedDimensionSet PricedDimensions(PricingPhase phase, bool charging, decimal energyKwh) =>
            phase == PricingPhase.Reservation ? PricedDimensionSet.Reservation
            : charging ? PricedDimensionSet.Charging
            : energyKwh > 0 ? PricedDimensionSet.ParkingWithEnergy
            : PricedDimensionSet.Parking;
    }
}
