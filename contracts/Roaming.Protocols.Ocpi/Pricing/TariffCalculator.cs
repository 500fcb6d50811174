using NodaTime;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tariffs;

namespace Roaming.Protocols.Ocpi.Pricing;

/// <summary>
/// The OCPI 2.2.1 tariff engine (rules of the release-2.2.1-bugfixes text). Pure: no I/O, no clock; the location's
/// IANA zone comes in because tariff restrictions are local times. Money is decimal throughout and rounded once.
/// </summary>
public static class TariffCalculator
{
    /// <summary>
    /// Prices metered usage: opens a charging period at every point where a price can change and applies the tariff.
    /// Throws <see cref="ArgumentException"/> when the tariff does not pass <see cref="TariffValidation"/> or the usage is
    /// inconsistent (gaps, overlaps, negative energy).
    /// </summary>
    public static PricedSession Price(Tariff tariff, DateTimeZone zone, SessionUsage usage)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return Price(Compile(tariff), zone, usage);
    }

    /// <summary>
    /// Validates a tariff once and compiles it for pricing; cache the result per tariff version and price many sessions
    /// with it. Throws <see cref="ArgumentException"/> when the tariff does not pass <see cref="TariffValidation"/>.
    /// </summary>
    public static CompiledTariff Compile(Tariff tariff)
    {
        EnsurePriceable(tariff);
        return new CompiledTariff(tariff);
    }

    /// <summary>
    /// <see cref="Price(Tariff, DateTimeZone, SessionUsage)"/> with a tariff compiled beforehand: no validation or parsing per call.
    /// Throws <see cref="ArgumentException"/> when the usage is inconsistent (gaps, overlaps, negative energy).
    /// </summary>
    public static PricedSession Price(CompiledTariff tariff, DateTimeZone zone, SessionUsage usage)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        ArgumentNullException.ThrowIfNull(zone);
        EnsureConsistent(usage);

        var (periods, chargingPeriods) = UsageSlicer.Slice(tariff.Rules, zone, usage, tariff.Tariff.Id);
        var totalTime = (usage.End - usage.Start).ToInt64Nanoseconds() / (decimal)NodaConstants.NanosecondsPerHour;
        return PeriodSettlement.Settle(tariff, periods, chargingPeriods, totalTime);
    }

    /// <summary>
    /// Re-prices a CDR's charging periods as recorded (no re-splitting), for reconciling a partner's CDR: restrictions are
    /// evaluated at each period's start with the session's energy and duration so far, MAX_/MIN_ POWER and CURRENT dimensions
    /// stand for the period's power and current. Compare the result with the CDR's totals within a tolerance.
    /// </summary>
    public static PricedSession Reprice(Tariff tariff, DateTimeZone zone, CdrUsage cdr)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return Reprice(Compile(tariff), zone, cdr);
    }

    /// <summary><see cref="Reprice(Tariff, DateTimeZone, CdrUsage)"/> with a tariff compiled beforehand.</summary>
    public static PricedSession Reprice(CompiledTariff tariff, DateTimeZone zone, CdrUsage cdr)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        ArgumentNullException.ThrowIfNull(zone);
        EnsureConsistent(cdr);

        var rules = tariff.Rules;
        var recorded = cdr.ChargingPeriods;
        var isReservation = recorded.Select(p => p.VolumeOf(CdrDimensionType.ReservationTime) > 0).ToList();
        var reservationStart = recorded.Where((_, i) => isReservation[i]).Select(p => (Instant?)p.StartDateTime).FirstOrDefault();
        var sessionStart = recorded.Where((_, i) => !isReservation[i]).Select(p => (Instant?)p.StartDateTime).FirstOrDefault() ?? cdr.End;

        var periods = new List<MeteredPeriod>(recorded.Count);
        var energySoFar = 0m;
        for (var i = 0; i < recorded.Count; i++)
        {
            var period = recorded[i];
            var phase = isReservation[i] ? PricingPhase.Reservation : PricingPhase.Session;
            var phaseStart = phase == PricingPhase.Reservation ? reservationStart!.Value : sessionStart;
            var periodEnd = i + 1 < recorded.Count ? recorded[i + 1].StartDateTime : cdr.End;
            var energy = phase == PricingPhase.Session ? period.VolumeOf(CdrDimensionType.Energy) : 0m;
            var chargingHours = period.VolumeOf(CdrDimensionType.Time);
            var parkingHours = period.VolumeOf(CdrDimensionType.ParkingTime);
            var power = period.OptionalVolumeOf(CdrDimensionType.MaxPower) ?? period.OptionalVolumeOf(CdrDimensionType.MinPower)
                ?? AveragePowerKw(energy, chargingHours, periodEnd - period.StartDateTime);
            var current = period.OptionalVolumeOf(CdrDimensionType.MaxCurrent) ?? period.OptionalVolumeOf(CdrDimensionType.MinCurrent);
            var local = period.StartDateTime.InZone(zone).LocalDateTime;

            var context = new PeriodContext(phase, cdr.ReservationExpired, local, energySoFar,
                (period.StartDateTime - phaseStart).ToInt64Nanoseconds(),
                phase == PricingPhase.Session ? power : null, current);

            periods.Add(new MeteredPeriod(
                period.StartDateTime, zone, phase,
                Charging: chargingHours > 0,
                EnergyKwh: energy,
                ChargingSeconds: phase == PricingPhase.Session ? chargingHours * 3600m : 0m,
                ParkingSeconds: phase == PricingPhase.Session ? parkingHours * 3600m : 0m,
                ReservationSeconds: period.VolumeOf(CdrDimensionType.ReservationTime) * 3600m,
                Selection: rules.Select(context)));
            energySoFar += energy;
        }

        var totalTime = cdr.End > sessionStart
            ? (cdr.End - sessionStart).ToInt64Nanoseconds() / (decimal)NodaConstants.NanosecondsPerHour
            : 0m;
        return PeriodSettlement.Settle(tariff, periods, recorded, totalTime);
    }

    /// <summary>Without a measured power, a kW restriction is held against the period's average power.</summary>
    private static decimal? AveragePowerKw(decimal energyKwh, decimal chargingHours, Duration wallClock)
    {
        if (chargingHours > 0) return energyKwh / chargingHours;
        var hours = wallClock.ToInt64Nanoseconds() / (decimal)NodaConstants.NanosecondsPerHour;
        return hours > 0 ? energyKwh / hours : null;
    }

    private static void EnsurePriceable(Tariff tariff)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        var errors = TariffValidation.Validate(tariff);
        if (!errors.IsValid)
        {
            var detail = string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key} {string.Join(", ", e.Value)}"));
            throw new ArgumentException($"tariff {tariff.Id} cannot be priced: {detail}", nameof(tariff));
        }
    }

    private static void EnsureConsistent(SessionUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        if (usage.End < usage.Start) throw new ArgumentException("usage ends before it starts", nameof(usage));

        var expected = usage.Start;
        foreach (var interval in UsageSlicer.IntervalsOf(usage))
        {
            if (interval.From != expected)
                throw new ArgumentException($"usage interval starting {interval.From} leaves a gap or overlap at {expected}", nameof(usage));
            if (interval.To <= interval.From)
                throw new ArgumentException($"usage interval starting {interval.From} is empty or reversed", nameof(usage));
            if (interval.EnergyKwh < 0)
                throw new ArgumentException($"usage interval starting {interval.From} has negative energy", nameof(usage));
            if (interval.PowerKw < 0 || interval.CurrentA < 0)
                throw new ArgumentException($"usage interval starting {interval.From} has negative power or current", nameof(usage));
            expected = interval.To;
        }
        if (expected != usage.End)
            throw new ArgumentException($"usage intervals end at {expected}, not at the session end {usage.End}", nameof(usage));

        if (usage.Reservation is { } reservation)
        {
            if (reservation.To < reservation.From)
                throw new ArgumentException("reservation ends before it starts", nameof(usage));
            if (usage.Intervals.Count > 0 && reservation.To > usage.Start)
                throw new ArgumentException("reservation must end when the session starts, not after", nameof(usage));
        }
    }

    private static void EnsureConsistent(CdrUsage cdr)
    {
        ArgumentNullException.ThrowIfNull(cdr);
        if (cdr.End < cdr.Start) throw new ArgumentException("CDR ends before it starts", nameof(cdr));
        Instant? previous = null;
        foreach (var period in cdr.ChargingPeriods)
        {
            if (period.StartDateTime < cdr.Start || period.StartDateTime > cdr.End)
                throw new ArgumentException($"charging period {period.StartDateTime} lies outside the CDR", nameof(cdr));
            if (previous is { } before && period.StartDateTime < before)
                throw new ArgumentException($"charging period {period.StartDateTime} is out of order", nameof(cdr));
            if (period.Dimensions.Any(d => d.Volume < 0))
                throw new ArgumentException($"charging period {period.StartDateTime} has a negative volume", nameof(cdr));
            previous = period.StartDateTime;
        }
    }
}
