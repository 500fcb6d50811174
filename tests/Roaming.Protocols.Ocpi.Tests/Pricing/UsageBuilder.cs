using NodaTime;
using NodaTime.Text;
using Roaming.Protocols.Ocpi.Pricing;

namespace Roaming.Protocols.Ocpi.Tests.Pricing;

/// <summary>Writes a session the way the spec's examples tell it: "plug in at 09:30, charge 165 minutes at 16 A, park 42 minutes".</summary>
internal sealed class UsageBuilder
{
    private static readonly LocalDateTimePattern LocalPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");

    private readonly List<UsageInterval> _intervals = [];
    private readonly Instant _start;
    private Instant _cursor;
    private ReservationUsage? _reservation;

    private UsageBuilder(Instant start)
    {
        _start = start;
        _cursor = start;
    }

    /// <summary>A local time in the zone; a time the fall-back change repeats means its first occurrence.</summary>
    public static Instant Local(string localDateTime, DateTimeZone zone) =>
        LocalPattern.Parse(localDateTime).Value.InZoneLeniently(zone).ToInstant();

    public static UsageBuilder StartingAt(string localDateTime, DateTimeZone zone) => new(Local(localDateTime, zone));

    public static UsageBuilder StartingAt(Instant start) => new(start);

    public UsageBuilder Charge(Duration duration, decimal kwh, decimal? currentA = null, decimal? powerKw = null)
    {
        _intervals.Add(new UsageInterval(_cursor, _cursor + duration, kwh, Charging: true, powerKw, currentA));
        _cursor += duration;
        return this;
    }

    public UsageBuilder ChargeMinutes(double minutes, decimal kwh = 0m, decimal? currentA = null, decimal? powerKw = null) =>
        Charge(Duration.FromMinutes(minutes), kwh, currentA, powerKw);

    public UsageBuilder ParkMinutes(double minutes, decimal kwh = 0m)
    {
        var duration = Duration.FromMinutes(minutes);
        _intervals.Add(new UsageInterval(_cursor, _cursor + duration, kwh, Charging: false));
        _cursor += duration;
        return this;
    }

    /// <summary>A reservation that ended when this session started.</summary>
    public UsageBuilder ReservedMinutesBefore(double minutes)
    {
        _reservation = new ReservationUsage(_start - Duration.FromMinutes(minutes), _start, Expired: false);
        return this;
    }

    public SessionUsage Build() => new(_start, _cursor, _intervals, _reservation);

    /// <summary>A reservation from <paramref name="from"/> that ran out after the given minutes without a session.</summary>
    public static SessionUsage ExpiredReservation(Instant from, double minutes)
    {
        var end = from + Duration.FromMinutes(minutes);
        return new SessionUsage(end, end, [], new ReservationUsage(from, end, Expired: true));
    }
}
