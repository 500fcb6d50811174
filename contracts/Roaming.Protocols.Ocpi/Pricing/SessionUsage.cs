using NodaTime;

namespace Roaming.Protocols.Ocpi.Pricing;

/// <summary>
/// What the meter says happened during one session: contiguous <see cref="Intervals"/> covering [<see cref="Start"/>, <see cref="End"/>),
/// plus the reservation that preceded it, if any. A reservation that expired without charging has no intervals and
/// <c>Start == End</c> (use the reservation's end for both).
/// </summary>
public sealed record SessionUsage(
    Instant Start,
    Instant End,
    IReadOnlyList<UsageInterval> Intervals,
    ReservationUsage? Reservation = null);

/// <summary>
/// One stretch of the session with constant state. <paramref name="Charging"/> false means the EV is parked without
/// requesting power (OCPI PARKING_TIME); true means it is requesting power (OCPI TIME), even if the EVSE is not delivering.
/// <paramref name="PowerKw"/> and <paramref name="CurrentA"/> (summed over phases) are what the meter measured; when power is
/// unknown the engine uses the average power of the interval, when current is unknown restrictions on current do not hold.
/// <paramref name="EnergyInterpolated"/> says the energy was interpolated between register readings rather than read at both ends;
/// <paramref name="EnergyClampedAtZero"/> says the register went backwards (meter reset or replaced) and the negative delta was billed as 0.
/// </summary>
public sealed record UsageInterval(
    Instant From,
    Instant To,
    decimal EnergyKwh,
    bool Charging,
    decimal? PowerKw = null,
    decimal? CurrentA = null,
    bool EnergyInterpolated = false,
    bool EnergyClampedAtZero = false);

/// <summary>
/// A reservation of the EVSE for this customer, [<paramref name="From"/>, <paramref name="To"/>). It ends when the session starts
/// (<c>To &lt;= SessionUsage.Start</c>) or, with <paramref name="Expired"/>, when it ran out without a session starting.
/// Priced by tariff elements restricted to <c>RESERVATION</c> (and <c>RESERVATION_EXPIRES</c> when expired) as RESERVATION_TIME.
/// </summary>
public sealed record ReservationUsage(Instant From, Instant To, bool Expired);

/// <summary>
/// Usage as a CDR records it (start, end and its charging periods with their volumes), for re-pricing a received CDR.
/// Periods carrying RESERVATION_TIME belong to the reservation; <paramref name="ReservationExpired"/> says it expired.
/// </summary>
public sealed record CdrUsage(
    Instant Start,
    Instant End,
    IReadOnlyList<ChargingPeriod> ChargingPeriods,
    bool ReservationExpired = false);
