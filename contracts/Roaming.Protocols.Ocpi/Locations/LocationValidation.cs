using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NodaTime;
using static Roaming.Contracts.Validation.FieldErrors;
using Roaming.Contracts.Validation;


namespace Roaming.Protocols.Ocpi.Locations;

/// <summary>
/// Checks an OCPI 2.2.1 Location, EVSE or Connector field by field against mod_locations (with the 2.2.1 errata:
/// address 255, state 45) and reports every problem with its JSON path, for example
/// <c>evses[0].connectors[1].standard</c>. An object with no errors has all required fields set and only known
/// enum values, so code may read <see cref="OcpiEnum{TEnum}.Value"/> and the required properties safely.
/// </summary>
/// <remarks>
/// Deliberate strictness: regular hours must end after they begin and use 00:00-23:59 (the spec's regex), EVSE IDs
/// must have the ISO 15118 / eMI3 shape (the old DIN "+49*..." form is rejected), and DateTimes with an offset are
/// rejected when read (see <see cref="OcpiDateTimeJsonConverter"/>). Not checked: that percentages add up to 100,
/// and that a parent's last_updated is not older than its children's (the receiver sets those).
/// </remarks>
public static partial class LocationValidation
{
    /// <summary>
    /// Reads and validates a Location body in one call, for an endpoint: false with every error (JSON paths) when
    /// the body cannot be read or breaks a rule.
    /// </summary>
    public static bool TryRead(string json, [NotNullWhen(true)] out Location? location, out FieldErrors errors) =>
        OcpiJson.TryRead(json, Validate, out location, out errors);

    public static bool TryRead(JsonElement json, [NotNullWhen(true)] out Location? location, out FieldErrors errors) =>
        OcpiJson.TryRead(json, Validate, out location, out errors);

    public static bool TryReadEvse(string json, [NotNullWhen(true)] out Evse? evse, out FieldErrors errors) =>
        OcpiJson.TryRead(json, ValidateEvse, out evse, out errors);

    public static bool TryReadEvse(JsonElement json, [NotNullWhen(true)] out Evse? evse, out FieldErrors errors) =>
        OcpiJson.TryRead(json, ValidateEvse, out evse, out errors);

    public static bool TryReadConnector(string json, [NotNullWhen(true)] out Connector? connector, out FieldErrors errors) =>
        OcpiJson.TryRead(json, ValidateConnector, out connector, out errors);

    public static bool TryReadConnector(JsonElement json, [NotNullWhen(true)] out Connector? connector, out FieldErrors errors) =>
        OcpiJson.TryRead(json, ValidateConnector, out connector, out errors);

    public static FieldErrors Validate(Location location)
    {
        var errors = new FieldErrors();
        CheckLocation(errors, location);
        return errors;
    }

    /// <summary>For a PUT of one EVSE (<c>/locations/{cc}/{pid}/{location_id}/{evse_uid}</c>); paths start at the EVSE.</summary>
    public static FieldErrors ValidateEvse(Evse evse)
    {
        var errors = new FieldErrors();
        CheckEvse(errors, evse, "");
        return errors;
    }

    /// <summary>For a PUT of one Connector; paths start at the Connector.</summary>
    public static FieldErrors ValidateConnector(Connector connector)
    {
        var errors = new FieldErrors();
        CheckConnector(errors, connector, "");
        return errors;
    }

    /// <summary>Whether <paramref name="timeZone"/> is an IANA zone id that NodaTime's TZDB knows (ids are case sensitive).</summary>
    public static bool IsKnownTimeZone(string timeZone) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) is not null;

    private static void CheckLocation(FieldErrors errors, Location location)
    {
        errors.CountryCode("country_code", location.CountryCode);
        errors.PartyId("party_id", location.PartyId);
        errors.CiString("id", location.Id, 36, required: true);
        errors.Required("publish", location.Publish);
        if (location.Publish == true && location.PublishAllowedTo is { Count: > 0 })
            errors.Add("publish_allowed_to", "may only be used when publish is false");
        errors.Each("publish_allowed_to", location.PublishAllowedTo, (token, path) => CheckPublishToken(errors, token, path));
        errors.Text("name", location.Name, 255, required: false);
        errors.Text("address", location.Address, 255, required: true);
        errors.Text("city", location.City, 45, required: true);
        errors.Text("postal_code", location.PostalCode, 10, required: false);
        errors.Text("state", location.State, 45, required: false);
        errors.Required("country", location.Country);
        if (location.Country is { Length: > 0 } country && !Iso3166Countries.IsAlpha3(country))
            errors.Add("country", "must be an upper-case ISO 3166-1 alpha-3 code such as NLD");
        errors.Required("coordinates", location.Coordinates);
        if (location.Coordinates is { } coordinates)
            errors.Coordinates("coordinates", coordinates.Latitude, coordinates.Longitude);
        errors.Each("related_locations", location.RelatedLocations, (related, path) =>
        {
            errors.Coordinates(path, related.Latitude, related.Longitude);
            if (related.Name is { } name)
                errors.DisplayText(Path(path, "name"), name);
        });
        errors.KnownEnum("parking_type", location.ParkingType, required: false);
        errors.Each("evses", location.Evses, (evse, path) => CheckEvse(errors, evse, path));
        errors.UniqueKeys("evses", location.Evses, "uid", evse => evse.Uid, "the Location");
        errors.Each("directions", location.Directions, (text, path) => errors.DisplayText(path, text));
        CheckBusinessDetails(errors, location.Operator, "operator");
        CheckBusinessDetails(errors, location.Suboperator, "suboperator");
        CheckBusinessDetails(errors, location.Owner, "owner");
        errors.Each("facilities", location.Facilities, (facility, path) => errors.KnownEnum(path, facility, required: true));
        errors.Text("time_zone", location.TimeZone, 255, required: true);
        if (location.TimeZone is { Length: > 0 } timeZone && !IsKnownTimeZone(timeZone))
            errors.Add("time_zone", "must be an IANA time zone id such as Europe/Amsterdam");
        if (location.OpeningTimes is { } openingTimes)
            CheckHours(errors, openingTimes, "opening_times");
        errors.Each("images", location.Images, (image, path) => CheckImage(errors, image, path));
        if (location.EnergyMix is { } energyMix)
            errors.EnergyMix("energy_mix", energyMix);
        errors.Required("last_updated", location.LastUpdated);
    }

    private static void CheckEvse(FieldErrors errors, Evse evse, string path)
    {
        errors.CiString(Path(path, "uid"), evse.Uid, 36, required: true);
        errors.CiString(Path(path, "evse_id"), evse.EvseId, 48, required: false);
        if (evse.EvseId is { Length: > 0 } evseId && !EvseIdFormat().IsMatch(evseId))
            errors.Add(Path(path, "evse_id"), "must be an ISO 15118 / eMI3 EVSE ID such as BE*BEC*E041503001");
        errors.KnownEnum(Path(path, "status"), evse.Status, required: true);
        errors.Each(Path(path, "status_schedule"), evse.StatusSchedule, (schedule, schedulePath) =>
        {
            errors.Required(Path(schedulePath, "period_begin"), schedule.PeriodBegin);
            CheckEndAfterBegin(errors, schedulePath, schedule.PeriodBegin, schedule.PeriodEnd);
            errors.KnownEnum(Path(schedulePath, "status"), schedule.Status, required: true);
        });
        errors.Each(Path(path, "capabilities"), evse.Capabilities, (capability, capabilityPath) =>
            errors.KnownEnum(capabilityPath, capability, required: true));
        var connectorsPath = Path(path, "connectors");
        if (evse.Connectors is null or { Count: 0 })
            errors.Add(connectorsPath, "must contain at least one connector");
        errors.Each(connectorsPath, evse.Connectors, (connector, connectorPath) => CheckConnector(errors, connector, connectorPath));
        errors.UniqueKeys(connectorsPath, evse.Connectors, "id", connector => connector.Id, "the EVSE");
        errors.Text(Path(path, "floor_level"), evse.FloorLevel, 4, required: false);
        if (evse.Coordinates is { } coordinates)
            errors.Coordinates(Path(path, "coordinates"), coordinates.Latitude, coordinates.Longitude);
        errors.Text(Path(path, "physical_reference"), evse.PhysicalReference, 16, required: false);
        errors.Each(Path(path, "directions"), evse.Directions, (text, textPath) => errors.DisplayText(textPath, text));
        errors.Each(Path(path, "parking_restrictions"), evse.ParkingRestrictions, (restriction, restrictionPath) =>
            errors.KnownEnum(restrictionPath, restriction, required: true));
        errors.Each(Path(path, "images"), evse.Images, (image, imagePath) => CheckImage(errors, image, imagePath));
        errors.Required(Path(path, "last_updated"), evse.LastUpdated);
    }

    private static void CheckConnector(FieldErrors errors, Connector connector, string path)
    {
        errors.CiString(Path(path, "id"), connector.Id, 36, required: true);
        errors.KnownEnum(Path(path, "standard"), connector.Standard, required: true);
        errors.KnownEnum(Path(path, "format"), connector.Format, required: true);
        errors.KnownEnum(Path(path, "power_type"), connector.PowerType, required: true);
        errors.WholeNumber(Path(path, "max_voltage"), connector.MaxVoltage, 0, int.MaxValue, required: true);
        errors.WholeNumber(Path(path, "max_amperage"), connector.MaxAmperage, 0, int.MaxValue, required: true);
        errors.WholeNumber(Path(path, "max_electric_power"), connector.MaxElectricPower, 0, int.MaxValue, required: false);
        errors.Each(Path(path, "tariff_ids"), connector.TariffIds, (tariffId, tariffPath) =>
            errors.CiString(tariffPath, tariffId, 36, required: true));
        errors.Url(Path(path, "terms_and_conditions"), connector.TermsAndConditions, required: false);
        errors.Required(Path(path, "last_updated"), connector.LastUpdated);
    }

    private static void CheckBusinessDetails(FieldErrors errors, BusinessDetails? details, string path)
    {
        if (details is null)
            return;
        errors.Text(Path(path, "name"), details.Name, 100, required: true);
        errors.Url(Path(path, "website"), details.Website, required: false);
        if (details.Logo is { } logo)
            CheckImage(errors, logo, Path(path, "logo"));
    }

    private static void CheckImage(FieldErrors errors, Image image, string path)
    {
        errors.Url(Path(path, "url"), image.Url, required: true);
        errors.Url(Path(path, "thumbnail"), image.Thumbnail, required: false);
        errors.KnownEnum(Path(path, "category"), image.Category, required: true);
        errors.CiString(Path(path, "type"), image.Type, 4, required: true);
        // int(5): at most five digits.
        errors.WholeNumber(Path(path, "width"), image.Width, 0, 99_999, required: false);
        errors.WholeNumber(Path(path, "height"), image.Height, 0, 99_999, required: false);
    }

    private static void CheckHours(FieldErrors errors, Hours hours, string path)
    {
        var regularHoursPath = Path(path, "regular_hours");
        errors.Required(Path(path, "twentyfourseven"), hours.TwentyFourSeven);
        if (hours.TwentyFourSeven == true && hours.RegularHours is { Count: > 0 })
            errors.Add(regularHoursPath, "must be empty when twentyfourseven is true");
        if (hours.TwentyFourSeven == false && hours.RegularHours is null or { Count: 0 })
            errors.Add(regularHoursPath, "must contain at least one period when twentyfourseven is false");
        errors.Each(regularHoursPath, hours.RegularHours, (regular, regularPath) => CheckRegularHours(errors, regular, regularPath));
        errors.Each(Path(path, "exceptional_openings"), hours.ExceptionalOpenings, (period, periodPath) =>
            CheckExceptionalPeriod(errors, period, periodPath));
        errors.Each(Path(path, "exceptional_closings"), hours.ExceptionalClosings, (period, periodPath) =>
            CheckExceptionalPeriod(errors, period, periodPath));
    }

    private static void CheckRegularHours(FieldErrors errors, RegularHours regular, string path)
    {
        errors.WholeNumber(Path(path, "weekday"), regular.Weekday, 1, 7, required: true);
        var beginIsValid = CheckHourMinute(errors, Path(path, "period_begin"), regular.PeriodBegin);
        var endIsValid = CheckHourMinute(errors, Path(path, "period_end"), regular.PeriodEnd);
        // Same fixed "HH:MM" shape on both sides, so ordinal order is time order.
        if (beginIsValid && endIsValid && string.CompareOrdinal(regular.PeriodEnd, regular.PeriodBegin) <= 0)
            errors.Add(Path(path, "period_end"), "must be later than period_begin");
    }

    private static bool CheckHourMinute(FieldErrors errors, string field, string? value)
    {
        errors.Required(field, value);
        if (string.IsNullOrEmpty(value))
            return false;
        if (HourMinuteFormat().IsMatch(value))
            return true;
        errors.Add(field, "must be a 24-hour time HH:MM between 00:00 and 23:59, such as 08:00");
        return false;
    }

    private static void CheckExceptionalPeriod(FieldErrors errors, ExceptionalPeriod period, string path)
    {
        errors.Required(Path(path, "period_begin"), period.PeriodBegin);
        errors.Required(Path(path, "period_end"), period.PeriodEnd);
        CheckEndAfterBegin(errors, path, period.PeriodBegin, period.PeriodEnd);
    }

    private static void CheckEndAfterBegin(FieldErrors errors, string path, Instant? begin, Instant? end)
    {
        if (begin is { } periodBegin && end is { } periodEnd && periodEnd <= periodBegin)
            errors.Add(Path(path, "period_end"), "must be later than period_begin");
    }

    private static void CheckPublishToken(FieldErrors errors, PublishTokenType token, string path)
    {
        errors.CiString(Path(path, "uid"), token.Uid, 36, required: false);
        errors.KnownEnum(Path(path, "type"), token.Type, required: false);
        errors.Text(Path(path, "visual_number"), token.VisualNumber, 64, required: false);
        errors.Text(Path(path, "issuer"), token.Issuer, 64, required: false);
        errors.CiString(Path(path, "group_id"), token.GroupId, 36, required: false);
        if (string.IsNullOrEmpty(token.Uid) && string.IsNullOrEmpty(token.VisualNumber) && string.IsNullOrEmpty(token.GroupId))
            errors.Add(path, "must set at least one of uid, visual_number or group_id");
        if (!string.IsNullOrEmpty(token.Uid) && token.Type is null)
            errors.Add(Path(path, "type"), "is required when uid is set");
        if (!string.IsNullOrEmpty(token.VisualNumber) && string.IsNullOrEmpty(token.Issuer))
            errors.Add(Path(path, "issuer"), "is required when visual_number is set");
    }

    [GeneratedRegex(@"^([01][0-9]|2[0-3]):[0-5][0-9]\z")]
    private static partial Regex HourMinuteFormat();

    // ISO 15118-2 Annex H / eMI3: country (2 letters), optional '*', operator (3 alphanumerics), optional '*',
    // 'E', then 1 to 30 alphanumerics or '*'. Case-insensitive like every CiString.
    [GeneratedRegex(@"^[A-Za-z]{2}\*?[A-Za-z0-9]{3}\*?[Ee][A-Za-z0-9*]{1,30}\z")]
    private static partial Regex EvseIdFormat();
}
