using Roaming.Contracts.Validation;

namespace Roaming.Protocols.Ocpi.Tariffs;

/// <summary>
/// Checks every field of an OCPI 2.2.1 Tariff against the spec (lengths, character sets, enums, formats, ranges)
/// and reports each invalid one by its JSON path, e.g. <c>elements[0].price_components[1].step_size</c>.
/// Presence of the required fields is already enforced when the JSON is read (they are C# <c>required</c>);
/// the null checks here catch an explicit JSON <c>null</c> and objects built in code.
/// </summary>
public static class TariffValidation
{

    public static FieldErrors Validate(Tariff tariff)
    {
        var errors = new FieldErrors();
        ValidateCountryCode(errors, "country_code", tariff.CountryCode);
        ValidatePartyId(errors, "party_id", tariff.PartyId);
        errors.CiString("id", tariff.Id, 36, required: true);

        errors.Required("currency", tariff.Currency);
        if (!string.IsNullOrWhiteSpace(tariff.Currency) && !Iso4217Currencies.IsKnown(tariff.Currency))
            errors.Add("currency", "must be an active ISO 4217 currency code in upper case, e.g. EUR");

        if (tariff.Type is { } type && !Enum.IsDefined(type))
            errors.Add("type", "is not a TariffType");

        errors.Each("tariff_alt_text", tariff.TariffAltText, (text, path) => errors.DisplayText(path, text));
        errors.Url("tariff_alt_url", tariff.TariffAltUrl, required: false);
        ValidatePrice(errors, "min_price", tariff.MinPrice);
        ValidatePrice(errors, "max_price", tariff.MaxPrice);
        ValidatePriceLimits(errors, tariff.MinPrice, tariff.MaxPrice);
        ValidateElements(errors, tariff.Elements);
        if (tariff.EnergyMix is { } energyMix)
            errors.EnergyMix("energy_mix", energyMix);

        if (tariff.StartDateTime is { } from && tariff.EndDateTime is { } to && to <= from)
            errors.Add("end_date_time", "must be after start_date_time");

        return errors;
    }

    private static void ValidateCountryCode(FieldErrors errors, string field, string? value)
    {
        errors.RequiredString(field, value, 2);
        // CiString: "nl" is the same party country as "NL".
        if (!string.IsNullOrEmpty(value) && !Iso3166Countries.IsAlpha2(value.ToUpperInvariant()))
            errors.Add(field, "must be an ISO 3166-1 alpha-2 country code");
    }

    private static void ValidatePartyId(FieldErrors errors, string field, string? value)
    {
        errors.RequiredString(field, value, 3);
        if (!string.IsNullOrEmpty(value) && (value.Length != 3 || !value.All(char.IsAsciiLetterOrDigit)))
            errors.Add(field, "must be a party id of three letters or digits (ISO 15118)");
    }

    /// <summary>OCPI string(n): UTF-8 without control characters (no CR, LF or TAB).</summary>
    private static void ValidatePlainString(FieldErrors errors, string field, string? value, int max, bool required)
    {
        if (required) errors.Required(field, value);
        errors.MaxLength(field, value, max);
        if (value is not null && value.Any(char.IsControl))
            errors.Add(field, "must not contain control characters");
    }

    private static void ValidatePrice(FieldErrors errors, string field, Price? price)
    {
        if (price is null) return;
        if (price.ExclVat < 0) errors.Add(FieldErrors.Path(field, "excl_vat"), "must not be negative");
        if (price.InclVat < 0) errors.Add(FieldErrors.Path(field, "incl_vat"), "must not be negative");
    }

    private static void ValidatePriceLimits(FieldErrors errors, Price? min, Price? max)
    {
        if (min is null || max is null) return;
        if (min.ExclVat > max.ExclVat)
            errors.Add("max_price.excl_vat", "must not be below min_price.excl_vat");
        if (min.InclVat is { } minIncl && max.InclVat is { } maxIncl && minIncl > maxIncl)
            errors.Add("max_price.incl_vat", "must not be below min_price.incl_vat");
    }

    private static void ValidateElements(FieldErrors errors, IReadOnlyList<TariffElement>? elements)
    {
        if (elements is null)
        {
            errors.Add("elements", "is required");
            return;
        }
        if (elements.Count == 0) errors.Add("elements", "must contain at least one element");

        for (var e = 0; e < elements.Count; e++)
        {
            var elementPath = FieldErrors.Index("elements", e);
            if (elements[e] is not { } element)
            {
                errors.Add(elementPath, "must not be null");
                continue;
            }
            ValidatePriceComponents(errors, FieldErrors.Path(elementPath, "price_components"), element.PriceComponents);
            if (element.Restrictions is { } restrictions)
                ValidateRestrictions(errors, FieldErrors.Path(elementPath, "restrictions"), restrictions);
        }
    }

    private static void ValidatePriceComponents(FieldErrors errors, string field, IReadOnlyList<PriceComponent>? components)
    {
        if (components is null)
        {
            errors.Add(field, "is required");
            return;
        }
        if (components.Count == 0) errors.Add(field, "must contain at least one price component");

        for (var c = 0; c < components.Count; c++)
        {
            var path = FieldErrors.Index(field, c);
            if (components[c] is not { } component)
            {
                errors.Add(path, "must not be null");
                continue;
            }
            if (!Enum.IsDefined(component.Type))
                errors.Add(FieldErrors.Path(path, "type"), "is not a TariffDimensionType");
            if (component.Price < 0)
                errors.Add(FieldErrors.Path(path, "price"), "must not be negative");
            if (component.Vat is < 0 or > 100)
                errors.Add(FieldErrors.Path(path, "vat"), "must be a percentage between 0 and 100");

            // FLAT has no unit to step over, and the spec's own Free-of-Charge tariff (tariff_5) uses step_size 0 for it.
            var minimumStep = component.Type == TariffDimensionType.Flat ? 0 : 1;
            if (component.StepSize < minimumStep)
                errors.Add(FieldErrors.Path(path, "step_size"), minimumStep == 0
                    ? "must not be negative"
                    : "must be at least 1 (Wh for ENERGY, seconds for TIME and PARKING_TIME)");
        }
    }

    private static void ValidateRestrictions(FieldErrors errors, string field, TariffRestrictions restrictions)
    {
        ValidateTimeOfDay(errors, FieldErrors.Path(field, "start_time"), restrictions.StartTime);
        ValidateTimeOfDay(errors, FieldErrors.Path(field, "end_time"), restrictions.EndTime);

        var startDateValid = ValidateDate(errors, FieldErrors.Path(field, "start_date"), restrictions.StartDate, out var startDate);
        var endDateValid = ValidateDate(errors, FieldErrors.Path(field, "end_date"), restrictions.EndDate, out var endDate);
        if (startDateValid && endDateValid && endDate <= startDate)
            errors.Add(FieldErrors.Path(field, "end_date"), "must be after start_date (end_date is exclusive)");

        ValidateRange(errors, field, "kwh", restrictions.MinKwh, restrictions.MaxKwh);
        ValidateRange(errors, field, "current", restrictions.MinCurrent, restrictions.MaxCurrent);
        ValidateRange(errors, field, "power", restrictions.MinPower, restrictions.MaxPower);
        ValidateRange(errors, field, "duration", restrictions.MinDuration, restrictions.MaxDuration);

        if (restrictions.DayOfWeek is { } days)
        {
            for (var d = 0; d < days.Count; d++)
            {
                if (!Enum.IsDefined(days[d]))
                    errors.Add(FieldErrors.Index(FieldErrors.Path(field, "day_of_week"), d), "is not a DayOfWeek");
            }
        }

        if (restrictions.Reservation is { } reservation && !Enum.IsDefined(reservation))
            errors.Add(FieldErrors.Path(field, "reservation"), "is not a ReservationRestrictionType");
    }

    private static void ValidateTimeOfDay(FieldErrors errors, string field, string? value)
    {
        if (value is not null && !RestrictionFormats.TryParseTimeOfDay(value, out _))
            errors.Add(field, "must be a local time of day as HH:MM (24 h, leading zeros)");
    }

    private static bool ValidateDate(FieldErrors errors, string field, string? value, out NodaTime.LocalDate date)
    {
        date = default;
        if (value is null) return false;
        if (RestrictionFormats.TryParseDate(value, out date)) return true;
        errors.Add(field, "must be a local date as YYYY-MM-DD");
        return false;
    }

    private static void ValidateRange(FieldErrors errors, string field, string quantity, decimal? min, decimal? max)
    {
        var minField = FieldErrors.Path(field, $"min_{quantity}");
        var maxField = FieldErrors.Path(field, $"max_{quantity}");
        if (min < 0) errors.Add(minField, "must not be negative");
        if (max < 0) errors.Add(maxField, "must not be negative");
        // min is inclusive and max exclusive, so min >= max describes an element that can never apply.
        if (min >= 0 && max >= 0 && max <= min)
            errors.Add(maxField, $"must be greater than min_{quantity}");
    }

}
