using NodaTime;

namespace Roaming.Protocols.Ocpi.Pricing;

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
        var power = StepFunction.Of(samples, start, end, s => s.PowerW);
        var current = StepFunction.Of(samples, start, end, s => s.CurrentA);
        var changes = activity.Where(a => a.At < end).OrderBy(a => a.At).ToList();
        var changeTimes = changes.Select(c => c.At).ToArray();

        // Every reading, power/current sample and status change in [start, end] cuts, each time once: the four lists are
        // sorted already, so they are merged rather than concatenated and sorted.
        var boundaries = MergeDistinct(start, end, register.Times, power.Times, current.Times, changeTimes);

        // Boundaries only move forward: one cursor per list instead of a binary search per interval and list.
        var (registerAt, powerAt, currentAt, changeAt) = (new Cursor(register.Times), new Cursor(power.Times), new Cursor(current.Times), new Cursor(changeTimes));
        var intervals = new List<UsageInterval>(boundaries.Count - 1);
        for (var i = 0; i + 1 < boundaries.Count; i++)
        {
            var (from, to) = (boundaries[i], boundaries[i + 1]);
            var powerW = power.ValueAt(powerAt.IndexAtOrBefore(from));
            var (energyWh, interpolated, clamped) = register.EnergyBetween(registerAt.IndexAtOrBefore(from), from, to);
            var activityIndex = changeAt.IndexAtOrBefore(from);
            intervals.Add(new UsageInterval(
                from,
                to,
                PowerOfTenDivision.Divide(energyWh, 3),
                Charging: IsCharging(activityIndex < 0 ? null : changes[activityIndex], powerW),
                PowerKw: powerW is { } watts ? PowerOfTenDivision.Divide(watts, 3) : null,
                CurrentA: current.ValueAt(currentAt.IndexAtOrBefore(from)),
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

    /// <summary>
    /// The distinct times of the sorted <paramref name="lists"/> that lie in (<paramref name="start"/>, <paramref name="end"/>),
    /// with both ends, in order: a k-way merge.
    /// </summary>
    private static List<Instant> MergeDistinct(Instant start, Instant end, params Instant[][] lists)
    {
        var boundaries = new List<Instant>(lists[0].Length + 2) { start };
        Span<int> next = stackalloc int[lists.Length];
        while (true)
        {
            Instant? smallest = null;
            for (var l = 0; l < lists.Length; l++)
            {
                var list = lists[l];
                while (next[l] < list.Length && list[next[l]] <= boundaries[^1]) next[l]++;
                if (next[l] < list.Length && (smallest is null || list[next[l]] < smallest)) smallest = list[next[l]];
            }
            if (smallest is not { } cut || cut >= end) break;
            boundaries.Add(cut);
        }
        boundaries.Add(end);
        return boundaries;
    }

    /// <summary>The index of the last time at or before a moment in sorted times, for moments that never go back; -1 before the first.</summary>
    private struct Cursor(Instant[] times)
    {
        private int _index = -1;

        public int IndexAtOrBefore(Instant at)
        {
            while (_index + 1 < times.Length && times[_index + 1] <= at) _index++;
            return _index;
        }
    }

    /// <summary>
    /// Sorted distinct times with a value each, the last one given for a time winning (samples are kept in the order they
    /// were recorded). Samples nearly always arrive in time order; then no sorting is needed at all.
    /// </summary>
    private static (Instant[] Times, decimal[] Values) Distinct(List<(Instant At, decimal Value)> points)
    {
        var inOrder = true;
        for (var i = 1; i < points.Count && inOrder; i++) inOrder = points[i - 1].At <= points[i].At;
        // A stable sort keeps recording order within an instant, so the last recorded value still wins.
        var sorted = inOrder ? points : points.OrderBy(p => p.At).ToList();

        var times = new Instant[sorted.Count];
        var values = new decimal[sorted.Count];
        var count = 0;
        foreach (var (at, value) in sorted)
        {
            if (count > 0 && times[count - 1] == at)
            {
                values[count - 1] = value;
                continue;
            }
            times[count] = at;
            values[count] = value;
            count++;
        }
        if (count < times.Length)
        {
            Array.Resize(ref times, count);
            Array.Resize(ref values, count);
        }
        return (times, values);
    }

    /// <summary>A measured quantity holding from one sample to the next, within [start, end).</summary>
    private sealed class StepFunction
    {
        private readonly decimal[] _values;

        private StepFunction(Instant[] times, decimal[] values) => (Times, _values) = (times, values);

        public Instant[] Times { get; }

        public static StepFunction Of(IReadOnlyList<MeterSample> samples, Instant start, Instant end, Func<MeterSample, decimal?> quantity)
        {
            var points = new List<(Instant, decimal)>(samples.Count);
            foreach (var sample in samples)
            {
                if (quantity(sample) is { } value && sample.At >= start && sample.At < end) points.Add((sample.At, value));
            }
            var (times, values) = Distinct(points);
            return new StepFunction(times, values);
        }

        /// <summary>The value of the sample at <paramref name="index"/> of <see cref="Times"/>; null before the first (-1).</summary>
        public decimal? ValueAt(int index) => index < 0 ? null : _values[index];
    }

    /// <summary>The energy register as a piecewise linear function through its readings.</summary>
    private sealed class RegisterCurve
    {
        private readonly decimal[] _valuesWh;

        public RegisterCurve(Instant start, Instant end, decimal meterStartWh, decimal meterStopWh, IReadOnlyList<MeterSample> samples)
        {
            // The transaction's meter start and stop stand at the session's ends, whatever a sample says there.
            var readings = new List<(Instant, decimal)>(samples.Count + 2) { (start, meterStartWh) };
            foreach (var sample in samples)
            {
                if (sample.EnergyRegisterWh is { } wh && sample.At > start && sample.At < end) readings.Add((sample.At, wh));
            }
            readings.Add((end, meterStopWh));
            (Times, _valuesWh) = Distinct(readings);
        }

        public Instant[] Times { get; }

        /// <summary>
        /// Energy of [from, to), which lies within one reading segment because every reading is a cut; <paramref name="segment"/>
        /// is the index of the last reading at or before <paramref name="from"/>.
        /// </summary>
        public (decimal EnergyWh, bool Interpolated, bool Clamped) EnergyBetween(int segment, Instant from, Instant to)
        {
            var (segmentStart, segmentEnd) = (Times[segment], Times[segment + 1]);
            var delta = _valuesWh[segment + 1] - _valuesWh[segment];
            var billable = Math.Max(0m, delta);
            // Read at both ends (every interval when all cuts are readings): the register difference itself, no interpolation.
            if (from == segmentStart && to == segmentEnd) return (billable, false, delta < 0);

            decimal ShareUpTo(Instant at) => at == segmentEnd
                ? billable
                : billable * (at - segmentStart).ToInt64Nanoseconds() / (segmentEnd - segmentStart).ToInt64Nanoseconds();

            var energy = ShareUpTo(to) - ShareUpTo(from);
            var readAtBothEnds = from == segmentStart && to == segmentEnd;
            return (energy, !readAtBothEnds && energy > 0, delta < 0);
        }
    }
}
