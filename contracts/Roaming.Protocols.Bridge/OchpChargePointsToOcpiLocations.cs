using System.Globalization;
using NodaTime;
using NodaTime.TimeZones;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Locations;
using OchpAuthMethod = Roaming.Protocols.Ochp.AuthMethod;
using OcpiConnector = Roaming.Protocols.Ocpi.Locations.Connector;

namespace Roaming.Protocols.Bridge;

/// <summary>
/// An OCHP operator's charge points (one <c>ChargePointInfo</c> per EVSE) → OCPI 2.2.1 Locations (pure), the inverse of
/// <see cref="OcpiLocationToChargePoints"/>. OCHP has no location object: the EVSEs of one operator sharing a
/// <c>locationId</c> (OCHP: "same address and geo position for all EVSEs of a location") are one OCPI Location.
/// <list type="bullet">
/// <item>The location takes the address, position, name, opening times, time zone and parking type of its most recently
/// stamped charge point; its id is the locationId with spaces as <c>-</c> (OCHP's <c>[A-Z0-9 ]</c> never holds a dash),
/// its party the EVSE-IDs' operator, its <c>last_updated</c> the latest charge point timestamp.</item>
/// <item>An EVSE's uid and evse_id are its EVSE-ID; its status is <see cref="OchpStatusToOcpiEvseStatus"/> of its static
/// and live status; auth methods become capabilities (RFID → RFID_READER, operator/OCHPdirect auth →
/// REMOTE_START_STOP_CAPABLE, credit/debit card → CREDIT/DEBIT_CARD_PAYABLE).</item>
/// <item>Each OCHP connector becomes a connector numbered from 1, with the charge point's power: AC is taken as
/// AC_3_PHASE, the nominal voltage (<see cref="Voltage"/>) and the amperage that gives <c>ratings.maximumPower</c>;
/// the connector's tariff id is its tariff (OCHP tariffs keep their id in OCPI, <see cref="OchpTariffToOcpiTariff"/>).</item>
/// <item>A charge point without ratings cannot say its power, which OCPI requires: that EVSE is refused, never guessed.
/// A missing time zone is the operator country's when all its zones keep the same offsets, else the location is refused.</item>
/// </list>
/// </summary>
public static class OchpChargePointsToOcpiLocations
{
    /// <summary>One location's answer: the OCPI Location (with the EVSEs that map) and the problems of those that do not.</summary>
    public sealed record MappedLocation(OperatorId Operator, string LocationId, Location? Location, IReadOnlyList<string> Problems);

    /// <summary>An EVSE's live status as the clearing house received it (its ttl inside).</summary>
    public sealed record LiveStatus(EvseStatusType Status, Instant ReceivedAt);

    /// <param name="liveStatus">The live status of the EVSEs, by normalised EVSE-ID (<see cref="EvseId.Normalised"/>).</param>
    public static IReadOnlyList<MappedLocation> Map(IEnumerable<ChargePointInfo> chargePoints, IReadOnlyDictionary<string, LiveStatus> liveStatus,
        Instant now)
    {
        var results = new List<MappedLocation>();
        var unidentified = new List<string>();
        var located = new List<(OperatorId Operator, EvseId Evse, ChargePointInfo ChargePoint)>();
        foreach (var chargePoint in chargePoints)
        {
            if (EvseId.TryParse(chargePoint.EvseId, out var evse))
                located.Add((evse.OperatorId, evse, chargePoint));
            else
                unidentified.Add($"evseId '{chargePoint.EvseId}' is not an EVSE-ID");
        }
        foreach (var group in located.GroupBy(c => (c.Operator, LocationId: c.ChargePoint.LocationId.Trim().ToUpperInvariant())))
            results.Add(MapLocation(group.Key.Operator, group.Key.LocationId, group.Select(g => (g.Evse, g.ChargePoint)).ToList(), liveStatus, now));
        if (unidentified.Count > 0)
            results.Add(new MappedLocation(default, "", null, unidentified));
        return results;
    }

    /// <summary>OCPI's location id of an OCHP locationId: upper case, spaces as <c>-</c>.</summary>
    public static string LocationId(string ochpLocationId) => ochpLocationId.Trim().ToUpperInvariant().Replace(' ', '-');

    private static MappedLocation MapLocation(OperatorId operatorId, string locationId, IReadOnlyList<(EvseId Evse, ChargePointInfo ChargePoint)> evses,
        IReadOnlyDictionary<string, LiveStatus> liveStatus, Instant now)
    {
        var problems = new List<string>();
        var latest = evses.MaxBy(e => Stamp(e.ChargePoint, now)).ChargePoint;
        var timeZone = latest.TimeZone is { Length: > 0 } given ? given : CountryZone(operatorId.Country, now);
        if (timeZone is null)
            problems.Add($"location {locationId}: no timeZone, and {operatorId.Country} has time zones of different offsets");
        var mappedEvses = new List<Evse>();
        foreach (var (evse, chargePoint) in evses.OrderBy(e => e.Evse.Normalised, StringComparer.Ordinal))
        {
            var mapped = MapEvse(evse, chargePoint, liveStatus.GetValueOrDefault(evse.Normalised), now);
            if (mapped.IsMapped)
                mappedEvses.Add(mapped.Value!);
            else
                problems.AddRange(mapped.Problems.Select(p => $"location {locationId} EVSE {evse.Text}: {p}"));
        }
        if (mappedEvses.Count == 0 || timeZone is null)
            return new MappedLocation(operatorId, locationId, null, problems);
        var address = latest.ChargePointAddress;
        return new MappedLocation(operatorId, locationId, new Location
        {
            CountryCode = operatorId.Country,
            PartyId = operatorId.Party,
            Id = LocationId(locationId),
            Publish = true,
            Name = latest.LocationName is { Length: > 0 } name ? Cut(name, 255) : null,
            Address = Cut(address.HouseNumber is { Length: > 0 } number ? $"{address.Address} {number}" : address.Address, 45),
            City = Cut(address.City, 45),
            PostalCode = address.ZipCode is { Length: > 0 } and not "-" ? address.ZipCode : null,
            Country = address.Country.ToUpperInvariant(),
            Coordinates = new GeoLocation(Coordinate(latest.ChargePointLocation.Latitude), Coordinate(latest.ChargePointLocation.Longitude)),
            ParkingType = ParkingTypeOf(latest.Location.Value) is { } parking ? parking : null,
            Evses = mappedEvses,
            TimeZone = timeZone,
            OpeningTimes = OpeningTimes(latest.OpeningTimes),
            ChargingWhenClosed = latest.OpeningTimes?.ClosedCharging,
            LastUpdated = mappedEvses.Max(e => e.LastUpdated),
        }, problems);
    }

    /// <summary>One EVSE; its <c>last_updated</c> is the later of its charge point's timestamp and its live status' receipt.</summary>
    public static Bridged<Evse> MapEvse(EvseId evse, ChargePointInfo chargePoint, LiveStatus? live, Instant now)
    {
        if (chargePoint.Ratings is not { MaximumPower: > 0m } ratings)
            return Bridged<Evse>.Refused(["no ratings.maximumPower: OCPI requires each connector's voltage and amperage"]);
        var stamp = Stamp(chargePoint, now);
        var dc = chargePoint.ChargePointType == ChargePointType.DC;
        var voltage = Voltage(ratings.NominalVoltage, dc);
        var phases = dc ? 1 : 3;
        var watts = (int)Math.Round(ratings.MaximumPower * 1000m, MidpointRounding.AwayFromZero);
        var amperage = (int)Math.Max(1m, Math.Round(ratings.MaximumPower * 1000m / (voltage * phases), MidpointRounding.AwayFromZero));
        var connectors = chargePoint.Connectors.Select((connector, index) => new OcpiConnector
        {
            Id = (index + 1).ToString(CultureInfo.InvariantCulture),
            Standard = OchpConnectors.OcpiStandard(connector.ConnectorStandard.Value),
            Format = OchpConnectors.OcpiFormat(connector.ConnectorFormat.Value),
            PowerType = dc ? PowerType.Dc : PowerType.Ac3Phase,
            MaxVoltage = voltage,
            MaxAmperage = amperage,
            MaxElectricPower = watts,
            TariffIds = connector.TariffId is { Length: > 0 } tariff ? [tariff] : null,
            LastUpdated = stamp,
        }).ToList();
        if (connectors.Count == 0)
            return Bridged<Evse>.Refused(["no connector"]);
        return Bridged<Evse>.Of(new Evse
        {
            Uid = evse.Text,
            EvseId = evse.Text,
            Status = OchpStatusToOcpiEvseStatus.Map(chargePoint.Status?.Value, live?.Status, now),
            Capabilities = Capabilities(chargePoint.AuthMethods.Select(a => a.Value)),
            Connectors = connectors,
            LastUpdated = live is not null && live.ReceivedAt > stamp ? live.ReceivedAt : stamp,
        });
    }

    /// <summary>
    /// OCPI's max_voltage: line to neutral for AC_3_PHASE. An AC nominal voltage above 250 V is line to line (400 V) and
    /// becomes line to neutral (÷√3: 231 V); none is 230 V AC or 400 V DC.
    /// </summary>
    public static int Voltage(int? nominal, bool dc) => nominal switch
    {
        > 250 when !dc => (int)Math.Round(nominal.Value / Math.Sqrt(3), MidpointRounding.AwayFromZero),
        > 0 => nominal.Value,
        _ => dc ? 400 : 230,
    };

    public static IReadOnlyList<OcpiEnum<Capability>>? Capabilities(IEnumerable<OchpAuthMethod> methods)
    {
        var capabilities = methods.Select(method => method switch
            {
                OchpAuthMethod.RfidMifareCls or OchpAuthMethod.RfidMifareDes or OchpAuthMethod.RfidCalypso => Capability.RfidReader,
                OchpAuthMethod.OperatorAuth or OchpAuthMethod.OchpDirectAuth => Capability.RemoteStartStopCapable,
                OchpAuthMethod.DirectCreditcard => Capability.CreditCardPayable,
                OchpAuthMethod.DirectDebitcard => Capability.DebitCardPayable,
                _ => (Capability?)null,
            })
            .OfType<Capability>().Distinct().Select(c => (OcpiEnum<Capability>)c).ToList();
        return capabilities.Count > 0 ? capabilities : null;
    }

    public static ParkingType? ParkingTypeOf(GeneralLocation location) => location switch
    {
        GeneralLocation.OnStreet => ParkingType.OnStreet,
        GeneralLocation.ParkingGarage => ParkingType.ParkingGarage,
        GeneralLocation.UndergroundGarage => ParkingType.UndergroundGarage,
        GeneralLocation.ParkingLot => ParkingType.ParkingLot,
        GeneralLocation.Private => ParkingType.OnDriveway,
        _ => null,
    };

    /// <summary>
    /// The time zone of a country (alpha-2) when every zone TZDB lists for it keeps the same offsets (now and half a year
    /// on, so summer time counts): its first listed zone (<c>DE</c> → Europe/Berlin). Null when the country spans offsets.
    /// </summary>
    public static string? CountryZone(string countryAlpha2, Instant now)
    {
        var source = TzdbDateTimeZoneSource.Default;
        var zones = (source.ZoneLocations ?? []).Where(z => z.CountryCode == countryAlpha2).Select(z => DateTimeZoneProviders.Tzdb[z.ZoneId]).ToList();
        if (zones.Count == 0)
            return null;
        var later = now + Duration.FromDays(182);
        return zones.All(z => z.GetUtcOffset(now) == zones[0].GetUtcOffset(now) && z.GetUtcOffset(later) == zones[0].GetUtcOffset(later)) ? zones[0].Id : null;
    }

    private static Hours? OpeningTimes(HoursType? hours)
    {
        if (hours is null)
            return null;
        var twentyFourSeven = hours.TwentyFourSeven == true || hours.RegularHours.Count == 0;
        return new Hours
        {
            TwentyFourSeven = twentyFourSeven,
            RegularHours = twentyFourSeven ? null : hours.RegularHours
                .Select(r => new RegularHours { Weekday = r.Weekday, PeriodBegin = r.PeriodBegin, PeriodEnd = r.PeriodEnd }).ToList(),
            ExceptionalOpenings = Periods(hours.ExceptionalOpenings),
            ExceptionalClosings = Periods(hours.ExceptionalClosings),
        };
    }

    private static List<ExceptionalPeriod>? Periods(List<ExceptionalPeriodType> periods) =>
        periods.Count == 0 ? null : periods.Select(p => new ExceptionalPeriod { PeriodBegin = p.PeriodBegin.ToInstant(), PeriodEnd = p.PeriodEnd.ToInstant() }).ToList();

    /// <summary>OCHP's timestamp is optional (the clearing house stamps on receipt): a charge point without one is as of now.</summary>
    private static Instant Stamp(ChargePointInfo chargePoint, Instant now) =>
        DateTimeType.TryParse(chargePoint.Timestamp?.DateTime, out var stamped) ? stamped : now;

    /// <summary>OCPI's coordinates have 5 to 7 decimals (<c>-?[0-9]{1,2}\.[0-9]{5,7}</c>): six, as OCHP writes them.</summary>
    private static string Coordinate(decimal value) => Math.Round(value, 6, MidpointRounding.AwayFromZero).ToString("0.000000", CultureInfo.InvariantCulture);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
