using NodaTime;

namespace Roaming.Charging.Pricing;

/// <summary>One meter reading from the charger: the energy register (Wh), and instantaneous power (W) and current (A, all phases).</summary>
public sealed record MeterSample(Instant At, decimal? EnergyRegisterWh, decimal? PowerW = null, decimal? CurrentA = null);

/// <summary>
/// A change of what the EV is doing, from connector status notifications: OCPP <c>Charging</c> → <c>Charging: true</c>;
/// <c>SuspendedEV</c> and <c>Finishing</c> → <c>Charging: false</c> (the EV no longer requests power: parking).
/// <paramref name="EvseSuspended"/> marks OCPP <c>SuspendedEVSE</c>: the EVSE stopped offering power while the EV still wants it.
/// Since the OCPI 2.2.1 bug-fix text defines PARKING_TIME as time the EV is not requesting power, that time is charging time
/// (TIME) whatever <paramref name="Charging"/> and the measured power say.
/// </summary>
public sealed record ActivityChange(Instant At, bool Charging, bool EvseSuspended = false);

/// <summary>Builds <see cref="SessionUsage"/> from raw meter readings and status changes. Pure.</summary>
public static class UsageTimeline
{
    /// <summary>
    /// Below this the EV draws standby or balancing power, not charging power; meters also report a few watts of noise at idle.
    /// With power measured, an interval below it counts as parking even if the connector status still says Charging
    /// (many chargers never report SuspendedEV when the battery is full).
    /// </summary>
    public const decimal IdlePowerThresholdW = 50m;

    /// <summary>
    /// Cuts [<paramref name="start"/>, <paramref name="end"/>) at every reading, power/current sample and status change.
    /// Energy per interval comes from the register: exact where both ends are readings (the transaction's meter start/stop
    /// stand at the session's ends), linearly interpolated between readings otherwise (and marked so). A register that goes
    /// backwards (meter reset or replacement) never yields negative energy: that stretch is 0 kWh and marked, so the caller can flag it.
    /// Power and current hold from one sample to the next. Before the first status change the EV is taken to be charging.
    /// </summary>
    public static SessionUsage FromSamples(
        Instant start,
        Instant end,
        decimal meterStartWh,
        decimal meterStopWh,
        IReadOnlyList<MeterSample> samples,
        IReadOnlyList<ActivityChange> activity)
    {
        if (end < start) throw new ArgumentException("the session ends before it starts", nameof(end));
        if (end == start) return new SessionUsage(start, end, []);

        var register = new RegisterCurve(start, end, meterStartWh, meterStopWh, samples);
        var power = StepFunction(samples.Where(s => s.PowerW is not null && s.At >= start && s.At < end).Select(s => (s.At, s.PowerW!.Value)));
        var current = StepFunction(samples.Where(s => s.CurrentA is not null && s.At >= start && s.At < end).Select(s => (s.At, s.CurrentA!.Value)));
        var changes = activity.Where(a => a.At < end).OrderBy(a => a.At).ToList();
        var changeTimes = changes.Select(c => c.At).ToList();

        var cuts = new SortedSet<Instant> { start, end };
        cuts.UnionWith(register.ReadingTimes);
        cuts.UnionWith(power.Keys);
        cuts.UnionWith(current.Keys);
        cuts.UnionWith(changes.Select(c => c.At));
        var boundaries = cuts.Where(t => t >= start && t <= end).ToList();

        var intervals = new List<UsageInterval>(boundaries.Count - 1);
        for (var i = 0; i + 1 < boundaries.Count; i++)
        {
            var (from, to) = (boundaries[i], boundaries[i + 1]);
            var powerW = ValueAt(power, from);
            var (energyWh, interpolated, clamped) = register.EnergyBetween(from, to);
            intervals.Add(new UsageInterval(
                from,
                to,
                energyWh / 1000m,
                Charging: IsCharging(ActivityAt(changes, changeTimes, from), powerW),
                PowerKw: powerW / 1000m,
                CurrentA: ValueAt(current, from),
                EnergyInterpolated: interpolated,
                EnergyClampedAtZero: clamped));
        }
        return new SessionUsage(start, end, intervals);
    }

    private static bool IsCharging(ActivityChange? activity, decimal? powerW)
    {
        if (activity is { EvseSuspended: true }) return true;
        if (activity is { Charging: false }) return false;
        return powerW is null || powerW >= IdlePowerThresholdW;
    }

    private static ActivityChange? ActivityAt(List<ActivityChange> changes, List<Instant> changeTimes, Instant at)
    {
        var index = IndexAtOrBefore(changeTimes, at);
        return index < 0 ? null : changes[index];
    }

    private static SortedList<Instant, decimal> StepFunction(IEnumerable<(Instant At, decimal Value)> points)
    {
        var steps = new SortedList<Instant, decimal>();
        foreach (var (at, value) in points) steps[at] = value; // the last sample at an instant wins
        return steps;
    }

    private static decimal? ValueAt(SortedList<Instant, decimal> steps, Instant at)
    {
        var index = IndexAtOrBefore(steps.Keys, at);
        return index < 0 ? null : steps.Values[index];
    }

    /// <summary>Index of the last time at or before <paramref name="at"/> in sorted <paramref name="times"/>, or -1 (binary search: sessions can carry thousands of samples).</summary>
    private static int IndexAtOrBefore(IList<Instant> times, Instant at)
    {
        var (low, high) = (0, times.Count - 1);
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            if (times[middle] <= at) low = middle + 1;
            else high = middle - 1;
        }
        return high;
    }

    /// <summary>The energy register as a piecewise linear function through its readings.</summary>
    private sealed class RegisterCurve
    {
        private readonly List<Instant> _times;
        private readonly List<decimal> _valuesWh;

        public RegisterCurve(Instant start, Instant end, decimal meterStartWh, decimal meterStopWh, IReadOnlyList<MeterSample> samples)
        {
            var readings = new SortedDictionary<Instant, decimal>();
            foreach (var sample in samples.Where(s => s.EnergyRegisterWh is not null && s.At > start && s.At < end).OrderBy(s => s.At))
                readings[sample.At] = sample.EnergyRegisterWh!.Value;
            readings[start] = meterStartWh;
            readings[end] = meterStopWh;
            _times = readings.Keys.ToList();
            _valuesWh = readings.Values.ToList();
        }

        public IEnumerable<Instant> ReadingTimes => _times;

        /// <summary>Energy of [from, to), which lies within one reading segment because every reading is a cut.</summary>
        public (decimal EnergyWh, bool Interpolated, bool Clamped) EnergyBetween(Instant from, Instant to)
        {
            var segment = IndexAtOrBefore(_times, from);
            var (segmentStart, segmentEnd) = (_times[segment], _times[segment + 1]);
            var delta = _valuesWh[segment + 1] - _valuesWh[segment];
            var billable = Math.Max(0m, delta);

            decimal ShareUpTo(Instant at) => at == segmentEnd
                ? billable
                : billable * (at - segmentStart).ToInt64Nanoseconds() / (segmentEnd - segmentStart).ToInt64Nanoseconds();

            var energy = ShareUpTo(to) - ShareUpTo(from);
            var readAtBothEnds = from == segmentStart && to == segmentEnd;
            return (energy, !readAtBothEnds && energy > 0, delta < 0);
        }
    }
}
