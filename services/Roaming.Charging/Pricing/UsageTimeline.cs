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
        var power = StepFunction.Of(samples, start, end, s => s.PowerW);
        var current = StepFunction.Of(samples, start, end, s => s.CurrentA);
        var changes = activity.Where(a => a.At < end).OrderBy(a => a.At).ToList();
        var changeTimes = changes.Select(c => c.At).ToArray();

        // Every reading, power/current sample and status change in [start, end] cuts; sorted once, each time once.
        var cuts = new List<Instant>(register.Times.Length + power.Times.Length + current.Times.Length + changeTimes.Length + 2) { start, end };
        cuts.AddRange(register.Times);
        cuts.AddRange(power.Times);
        cuts.AddRange(current.Times);
        cuts.AddRange(changeTimes);
        cuts.Sort();
        var boundaries = new List<Instant>(cuts.Count);
        foreach (var cut in cuts)
        {
            if (cut >= start && cut <= end && (boundaries.Count == 0 || boundaries[^1] != cut)) boundaries.Add(cut);
        }

        var intervals = new List<UsageInterval>(boundaries.Count - 1);
        for (var i = 0; i + 1 < boundaries.Count; i++)
        {
            var (from, to) = (boundaries[i], boundaries[i + 1]);
            var powerW = power.ValueAt(from);
            var (energyWh, interpolated, clamped) = register.EnergyBetween(from, to);
            intervals.Add(new UsageInterval(
                from,
                to,
                PowerOfTenDivision.Divide(energyWh, 3),
                Charging: IsCharging(ActivityAt(changes, changeTimes, from), powerW),
                PowerKw: powerW is { } watts ? PowerOfTenDivision.Divide(watts, 3) : null,
                CurrentA: current.ValueAt(from),
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

    private static ActivityChange? ActivityAt(List<ActivityChange> changes, Instant[] changeTimes, Instant at)
    {
        var index = IndexAtOrBefore(changeTimes, at);
        return index < 0 ? null : changes[index];
    }

    /// <summary>Index of the last time at or before <paramref name="at"/> in sorted <paramref name="times"/>, or -1 (binary search: sessions can carry thousands of samples).</summary>
    private static int IndexAtOrBefore(Instant[] times, Instant at)
    {
        var (low, high) = (0, times.Length - 1);
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            if (times[middle] <= at) low = middle + 1;
            else high = middle - 1;
        }
        return high;
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

        public decimal? ValueAt(Instant at)
        {
            var index = IndexAtOrBefore(Times, at);
            return index < 0 ? null : _values[index];
        }
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

        /// <summary>Energy of [from, to), which lies within one reading segment because every reading is a cut.</summary>
        public (decimal EnergyWh, bool Interpolated, bool Clamped) EnergyBetween(Instant from, Instant to)
        {
            var segment = IndexAtOrBefore(Times, from);
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
