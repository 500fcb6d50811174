using Roaming.Protocols.Ocpi.Tariffs;
using NodaTime;
using Roaming.Charging.Authorizations;
using Roaming.Charging.Cdrs.Issuing;
using Roaming.Charging.Locations;
using Roaming.Protocols.Ocpi.Pricing;
using Roaming.Charging.Sessions;
using Roaming.Charging.Tariffs;
using Roaming.Contracts.Network.V1;
using Roaming.Contracts.Tokens.V1;
using Roaming.Protocols.Ocpi;

namespace Roaming.Benchmarks.Pricing;

/// <summary>
/// Realistic inputs for the pricing benchmarks: a Dutch AC tariff with a night rate (time of day), a cheaper first
/// 20 kWh (kWh restriction), a start fee, charging time and daytime parking with step sizes, in Europe/Amsterdam;
/// sessions built from one-minute meter intervals with load-balancing pauses (the EV parked, SuspendedEV) so that a
/// session yields a chosen number of charging periods.
/// </summary>
public static class PricingScenarios
{
    public const string TimeZone = "Europe/Amsterdam";
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb[TimeZone];

    public static readonly Tariff Tariff = new()
    {
        CountryCode = "NL",
        PartyId = "TNM",
        Id = "AC-DAY-NIGHT",
        Currency = "EUR",
        LastUpdated = Instant.FromUtc(2026, 1, 1, 0, 0),
        Elements =
        [
            // Start fee, whatever the time.
            Element(null, Component(TariffDimensionType.Flat, 0.35m, 1)),
            // Night rate 23:00-07:00.
            Element(new TariffRestrictions { StartTime = "23:00", EndTime = "07:00" },
                Component(TariffDimensionType.Energy, 0.22m, 1),
                Component(TariffDimensionType.Time, 0.60m, 60)),
            // Day: the first 20 kWh are cheaper.
            Element(new TariffRestrictions { MaxKwh = 20m },
                Component(TariffDimensionType.Energy, 0.29m, 1)),
            // Parking on weekdays 08:00-20:00 is charged per started 5 minutes.
            Element(new TariffRestrictions
                {
                    StartTime = "08:00", EndTime = "20:00",
                    DayOfWeek = [TariffDayOfWeek.Monday, TariffDayOfWeek.Tuesday, TariffDayOfWeek.Wednesday, TariffDayOfWeek.Thursday, TariffDayOfWeek.Friday],
                },
                Component(TariffDimensionType.ParkingTime, 3.00m, 300)),
            // Everything else.
            Element(null,
                Component(TariffDimensionType.Energy, 0.34m, 1),
                Component(TariffDimensionType.Time, 1.20m, 60),
                Component(TariffDimensionType.ParkingTime, 0.00m, 60)),
        ],
    };

    private static TariffElement Element(TariffRestrictions? restrictions, params PriceComponent[] components) =>
        new() { PriceComponents = components, Restrictions = restrictions };

    private static PriceComponent Component(TariffDimensionType type, decimal price, int stepSize) =>
        new() { Type = type, Price = price, Vat = 21m, StepSize = stepSize };

    /// <summary>A Tuesday; sessions start here in local time.</summary>
    private static readonly LocalDate Day = new(2026, 11, 17);

    /// <summary>How the energy of a one-minute interval is given.</summary>
    public enum Energies
    {
        /// <summary>Power × time, e.g. 7.45 kW / 60 = 0.12416666666666666666666666667 kWh: 28 significant digits, as interpolation makes them.</summary>
        Interpolated,
        /// <summary>
        /// The difference of two register readings of 0.1 Wh resolution (e.g. 0.1242 kWh), as <see cref="UsageTimeline.FromSamples"/>
        /// derives it from a charger's MeterValues: the realistic case; only a split at a price boundary interpolates.
        /// </summary>
        Register,
    }

    /// <summary>
    /// A session of one-minute meter intervals priced into exactly <paramref name="periods"/> charging periods (or the
    /// nearest count reachable, reported by the caller). One period: 30 minutes charging at 10:00. More: a session from
    /// 18:00 (crossing 20:00 and 23:00, and 20 kWh) whose charging is paused by load balancing at a regular cadence.
    /// </summary>
    public static SessionUsage UsageWithPeriods(int periods, Energies energies = Energies.Interpolated)
    {
        if (periods <= 1)
            return Usage(Day.At(new LocalTime(10, 0)), minutes: 30, pauseEvery: 0, pauseLength: 0, powerKw: 11m, energies);

        // Load balancing: pause for pauseLength minutes every pauseEvery minutes. Grow the session until the count is reached.
        SessionUsage? best = null;
        var bestDistance = int.MaxValue;
        foreach (var (minutes, pauseEvery, pauseLength) in Candidates(periods))
        {
            var usage = Usage(Day.At(new LocalTime(18, 0)), minutes, pauseEvery, pauseLength, powerKw: 7.4m, energies);
            var count = TariffCalculator.Price(Tariff, Zone, usage).ChargingPeriods.Count;
            var distance = Math.Abs(count - periods);
            if (distance < bestDistance)
                (best, bestDistance) = (usage, distance);
            if (distance == 0)
                break;
        }
        return best!;
    }

    /// <summary>The floor: a 30-minute session with only meter start and stop (one interval, one period).</summary>
    public static SessionUsage SingleInterval()
    {
        var start = Day.At(new LocalTime(10, 0)).InZoneLeniently(Zone).ToInstant();
        var end = start + Duration.FromMinutes(30);
        return new SessionUsage(start, end, [new UsageInterval(start, end, EnergyKwh: 5.5m, Charging: true)]);
    }

    private static IEnumerable<(int Minutes, int PauseEvery, int PauseLength)> Candidates(int periods)
    {
        // Each pause adds about two periods; a few more come from the time-of-day, weekday and kWh boundaries.
        foreach (var pauseEvery in new[] { 30, 20, 12, 6, 4, 3 })
        {
            for (var minutes = 60; minutes <= 14 * 60; minutes += 1)
            {
                var pauses = minutes / pauseEvery;
                if (Math.Abs(pauses * 2 - periods) <= 6)
                    yield return (minutes, pauseEvery, Math.Max(1, pauseEvery / 3));
            }
        }
    }

    private static SessionUsage Usage(LocalDateTime localStart, int minutes, int pauseEvery, int pauseLength, decimal powerKw, Energies energies)
    {
        var start = localStart.InZoneLeniently(Zone).ToInstant();
        var intervals = new List<UsageInterval>(minutes);
        var (exactKwh, readKwh) = (0m, 0m);
        for (var minute = 0; minute < minutes; minute++)
        {
            var paused = pauseEvery > 0 && minute % pauseEvery >= pauseEvery - pauseLength;
            var from = start + Duration.FromMinutes(minute);
            var power = paused ? 0.02m : powerKw + (minute % 7) * 0.05m;
            var energy = paused ? 0m : power / 60m;
            if (energies == Energies.Register)
            {
                // The register shows 0.1 Wh; the interval's energy is the difference of its two readings.
                exactKwh += energy;
                var reading = decimal.Round(exactKwh, 4);
                (energy, readKwh) = (reading - readKwh, reading);
            }
            intervals.Add(new UsageInterval(from, from + Duration.FromMinutes(1), EnergyKwh: energy,
                Charging: !paused, PowerKw: power, CurrentA: power * 1000m / 230m));
        }
        return new SessionUsage(start, start + Duration.FromMinutes(minutes), intervals);
    }

    /// <summary>OCPP meter samples every 10 seconds (register, power, current) for a session of <paramref name="hours"/>, the EV full for the last 20 minutes.</summary>
    public static (Instant Start, Instant End, decimal MeterStartWh, decimal MeterStopWh, List<MeterSample> Samples, List<ActivityChange> Activity) Samples(int hours)
    {
        var start = Day.At(new LocalTime(17, 30)).InZoneLeniently(Zone).ToInstant();
        var end = start + Duration.FromHours(hours);
        var full = end - Duration.FromMinutes(20);
        var samples = new List<MeterSample>(hours * 360);
        var registerWh = 1_250_000m;
        var meterStart = registerWh;
        for (var at = start + Duration.FromSeconds(10); at < end; at += Duration.FromSeconds(10))
        {
            var powerW = at < full ? 7_400m + (at.ToUnixTimeSeconds() % 60) : 12m;
            registerWh += decimal.Round(powerW / 360m, 1);
            samples.Add(new MeterSample(at, registerWh, powerW, powerW / 230m));
        }
        var activity = new List<ActivityChange> { new(start, Charging: true), new(full, Charging: false) };
        return (start, end, meterStart, registerWh + 1m, samples, activity);
    }

    /// <summary>The same session as Charging's event-sourced state, with the location, token and tariff the issuer needs.</summary>
    public static CdrInputs IssuerInputs(int hours)
    {
        var (start, end, meterStart, meterStop, samples, activity) = Samples(hours);
        const string chargePoint = "CP-BENCH-0001";
        var sessionId = ChargingSession.IdFor(chargePoint, "42");
        var started = new SessionStarted(sessionId, "NL", "TNM", chargePoint, "42", "LOC1", "LOC1-E1", "1", "TOKEN-1",
            "Accepted", meterStart, start, start);
        var recorded = new List<MeterSampleRecorded>(samples.Count * 3);
        foreach (var sample in samples)
        {
            recorded.Add(new MeterSampleRecorded(sample.At, "Energy.Active.Import.Register", null, "Sample.Periodic", sample.EnergyRegisterWh, "Wh", null));
            recorded.Add(new MeterSampleRecorded(sample.At, "Power.Active.Import", null, "Sample.Periodic", sample.PowerW, "W", null));
            recorded.Add(new MeterSampleRecorded(sample.At, "Current.Import", null, "Sample.Periodic", sample.CurrentA, "A", null));
        }
        var statuses = activity.Select(a => new ConnectorStatusRecorded(sessionId, a.Charging ? "Charging" : "SuspendedEV", a.At, a.At)).ToList();
        var ended = new SessionEnded(sessionId, meterStop, end, end, "EVDisconnected", MeterWentBackwards: false, ClosedBySweep: false);
        var session = new ChargingSession(sessionId, started, recorded, statuses, ended);

        var location = new LocationChanged("NL", "TNM", "LOC1", "Bench Garage", "Stationsplein 1", "Amsterdam", "1012AB", null, "NLD",
            "52.378900", "4.900500", TimeZone,
            [new EvseSnapshot("LOC1-E1", "NL*TNM*E0001", "AVAILABLE",
                [new ConnectorSnapshot("1", "IEC_62196_T2", "SOCKET", "AC_3_PHASE", 230, 32, null, [Tariff.Id])])],
            Instant.FromUtc(2026, 1, 1, 0, 0));
        var token = new TokenChanged("NL", "TNM", "TOKEN-1", "RFID", "NL-TNM-C00000042-X", "Bench", null, true, "ALLOWED", "Accepted",
            Instant.FromUtc(2026, 1, 1, 0, 0));
        return new CdrInputs(session, new TariffVersion(1, Tariff, Instant.FromUtc(2026, 1, 1, 0, 0)), "NL*TNM*" + Tariff.Id,
            new LocationSnapshot(LocationSnapshot.KeyFor("NL", "TNM", "LOC1"), location), new TokenSnapshot("TOKEN-1", token), "EUR");
    }
}
