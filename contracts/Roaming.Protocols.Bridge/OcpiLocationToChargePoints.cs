using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Locations;
using OchpConnectorType = Roaming.Protocols.Ochp.ConnectorType;
using AuthMethod = Roaming.Protocols.Ochp.AuthMethod;

namespace Roaming.Protocols.Bridge;

/// <summary>
/// One of our OCPI 2.2.1 locations → one OCHP <c>ChargePointInfo</c> per EVSE (pure). An EVSE without an EVSE-ID, or
/// whose connectors all lack an OCHP standard, cannot be listed and is reported as a problem of that EVSE; the others
/// are mapped. REMOVED EVSEs, and EVSEs that disappeared from the location (<see cref="Closed"/>), are sent with status
/// Closed (OCHP has no delete: "discontinued, will be deleted soon").
/// </summary>
public static class OcpiLocationToChargePoints
{
    public sealed record Mapped(IReadOnlyList<ChargePointInfo> ChargePoints, IReadOnlyList<string> Problems);

    /// <param name="nameLanguage">ISO 639-3 language of the location's name (OCPI does not say), e.g. <c>DEU</c>.</param>
    public static Mapped Map(Location location, string nameLanguage, Instant now)
    {
        var chargePoints = new List<ChargePointInfo>();
        var problems = new List<string>();
        if (location.Address is not { Length: >= 2 } || location.Country is not { } country || !Iso3166Countries.IsAlpha3(country.ToUpperInvariant())
            || location.Coordinates?.Latitude is null || location.Coordinates.Longitude is null)
            return new Mapped([], [$"location {location.Id}: address, country (alpha-3) and coordinates are required"]);
        foreach (var evse in location.Evses ?? [])
        {
            var mapped = MapEvse(location, evse, nameLanguage, now);
            if (mapped.IsMapped)
                chargePoints.Add(mapped.Value!);
            else
                problems.AddRange(mapped.Problems.Select(p => $"location {location.Id} EVSE {evse.Uid}: {p}"));
        }
        return new Mapped(chargePoints, problems);
    }

    public static Bridged<ChargePointInfo> MapEvse(Location location, Evse evse, string nameLanguage, Instant now)
    {
        if (evse.EvseId is not { } evseId || !EvseId.TryParse(evseId, out _))
            return Bridged<ChargePointInfo>.Refused([$"evse_id '{evse.EvseId}' is not an EVSE-ID"]);
        var connectors = (evse.Connectors ?? [])
            .Select(c => c.Standard is { } s && s.TryGetValue(out var standard) && c.Format is { } f && f.TryGetValue(out var format)
                ? OchpConnectors.Connector(standard, format)
                : null)
            .OfType<OchpConnectorType>()
            .ToList();
        if (connectors.Count == 0)
            return Bridged<ChargePointInfo>.Refused(["no connector has an OCHP connector standard"]);
        var coordinates = evse.Coordinates ?? location.Coordinates!;
        var powerTypes = (evse.Connectors ?? []).Select(c => c.PowerType is { } p && p.TryGetValue(out var power) ? power : (PowerType?)null).ToList();
        return Bridged<ChargePointInfo>.Of(new ChargePointInfo
        {
            EvseId = evseId,
            LocationId = LocationId(location.Id!),
            Timestamp = DateTimeType.From(evse.LastUpdated ?? location.LastUpdated ?? now),
            LocationName = Cut(location.Name is { Length: > 0 } name ? name : location.Address!, 100),
            LocationNameLang = nameLanguage.ToUpperInvariant(),
            ChargePointAddress = OcpiCdrToOchpCdr.Address(location.Address!, location.City, location.PostalCode, location.Country!),
            ChargePointLocation = GeoPointType.From(Coordinate(coordinates.Latitude!), Coordinate(coordinates.Longitude!)),
            TimeZone = location.TimeZone,
            OpeningTimes = OpeningTimes(location.OpeningTimes, location.ChargingWhenClosed),
            Status = ChargePointStatusType.Of(Status(evse.Status)),
            Location = GeneralLocationType.Of(GeneralLocationOf(location.ParkingType)),
            AuthMethods = AuthMethods(evse.Capabilities).Select(AuthMethodType.Of).ToList(),
            Connectors = connectors,
            ChargePointType = powerTypes.Contains(PowerType.Dc) ? ChargePointType.DC : ChargePointType.AC,
            Ratings = Ratings(evse.Connectors ?? []),
        });
    }

    /// <summary>The charge point of an EVSE that is no longer in its location, as last sent, now Closed.</summary>
    public static ChargePointInfo Closed(ChargePointInfo lastSent, Instant now)
    {
        lastSent.Status = ChargePointStatusType.Of(ChargePointStatus.Closed);
        lastSent.Timestamp = DateTimeType.From(now);
        return lastSent;
    }

    public static ChargePointStatus Status(OcpiEnum<EvseStatus>? status) =>
        status is { } known && known.TryGetValue(out var value)
            ? value switch
            {
                EvseStatus.Removed => ChargePointStatus.Closed,
                EvseStatus.Planned => ChargePointStatus.Planned,
                EvseStatus.Inoperative or EvseStatus.OutOfOrder => ChargePointStatus.Inoperative,
                EvseStatus.Unknown => ChargePointStatus.Unknown,
                _ => ChargePointStatus.Operative,
            }
            : ChargePointStatus.Unknown;

    public static GeneralLocation GeneralLocationOf(OcpiEnum<ParkingType>? parkingType) =>
        parkingType is { } known && known.TryGetValue(out var value)
            ? value switch
            {
                ParkingType.OnStreet => GeneralLocation.OnStreet,
                ParkingType.ParkingGarage => GeneralLocation.ParkingGarage,
                ParkingType.UndergroundGarage => GeneralLocation.UndergroundGarage,
                ParkingType.ParkingLot => GeneralLocation.ParkingLot,
                ParkingType.OnDriveway => GeneralLocation.Private,
                _ => GeneralLocation.Other,
            }
            : GeneralLocation.Unknown;

    /// <summary>At least one method (the XSD requires it): our chargers authorize RFID cards through OCPP when nothing else is said.</summary>
    public static IReadOnlyList<AuthMethod> AuthMethods(IReadOnlyList<OcpiEnum<Capability>>? capabilities)
    {
        var methods = new List<AuthMethod>();
        foreach (var capability in capabilities ?? [])
        {
            if (!capability.TryGetValue(out var value))
                continue;
            AuthMethod? method = value switch
            {
                Capability.RfidReader => AuthMethod.RfidMifareCls,
                Capability.RemoteStartStopCapable => AuthMethod.OperatorAuth,
                Capability.CreditCardPayable => AuthMethod.DirectCreditcard,
                Capability.DebitCardPayable => AuthMethod.DirectDebitcard,
                _ => null,
            };
            if (method is { } m && !methods.Contains(m))
                methods.Add(m);
        }
        return methods.Count > 0 ? methods : [AuthMethod.RfidMifareCls];
    }

    /// <summary>
    /// OCHP's locationId is <c>[A-Z0-9 ]{1,15}</c>: our location id upper-cased when it fits, else the first 15 hex digits
    /// of its SHA-256 (deterministic, so every EVSE of the location and every later upload carries the same id).
    /// </summary>
    public static string LocationId(string ourLocationId)
    {
        var upper = ourLocationId.ToUpperInvariant();
        return upper.Length is > 0 and <= 15 && upper.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ')
            ? upper
            : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ourLocationId)))[..15];
    }

    private static HoursType? OpeningTimes(Hours? hours, bool? chargingWhenClosed)
    {
        if (hours is null)
            return null;
        var regular = (hours.RegularHours ?? [])
            .Where(r => r.Weekday is >= 1 and <= 7 && r.PeriodBegin is not null && r.PeriodEnd is not null)
            .GroupBy(r => r.Weekday)
            // OCHP has at most one period per weekday: the day's span from its first opening to its last closing.
            .Select(day => new RegularHoursType
            {
                Weekday = day.Key!.Value,
                PeriodBegin = day.Select(r => r.PeriodBegin!).Min(StringComparer.Ordinal)!,
                PeriodEnd = day.Select(r => r.PeriodEnd!).Max(StringComparer.Ordinal)!,
            })
            .OrderBy(r => r.Weekday)
            .ToList();
        var alwaysOpen = hours.TwentyFourSeven == true || regular.Count == 0;
        return new HoursType
        {
            RegularHours = alwaysOpen ? [] : regular,
            TwentyFourSeven = alwaysOpen ? true : null,
            ExceptionalOpenings = Periods(hours.ExceptionalOpenings),
            ExceptionalClosings = Periods(hours.ExceptionalClosings),
            ClosedCharging = chargingWhenClosed ?? true,
        };
    }

    private static List<ExceptionalPeriodType> Periods(IReadOnlyList<ExceptionalPeriod>? periods) =>
        (periods ?? []).Where(p => p.PeriodBegin is not null && p.PeriodEnd is not null)
            .Select(p => new ExceptionalPeriodType { PeriodBegin = DateTimeType.From(p.PeriodBegin!.Value), PeriodEnd = DateTimeType.From(p.PeriodEnd!.Value) })
            .ToList();

    private static RatingsType? Ratings(IReadOnlyList<Connector> connectors)
    {
        var powers = connectors.Select(c => (Watts: c.MaxElectricPower ?? Watts(c), Voltage: c.MaxVoltage)).Where(p => p.Watts > 0).ToList();
        if (powers.Count == 0)
            return null;
        var best = powers.MaxBy(p => p.Watts);
        return new RatingsType { MaximumPower = Math.Round(best.Watts / 1000m, 3), NominalVoltage = best.Voltage };
    }

    private static int Watts(Connector connector)
    {
        var phases = connector.PowerType is { } p && p.TryGetValue(out var power) && power == PowerType.Ac3Phase ? 3 : 1;
        return (connector.MaxVoltage ?? 0) * (connector.MaxAmperage ?? 0) * phases;
    }

    private static decimal Coordinate(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
