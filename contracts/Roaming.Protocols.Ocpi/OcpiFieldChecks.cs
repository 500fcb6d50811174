
using System.Globalization;
using System.Text.RegularExpressions;
using Roaming.Contracts.Validation;

namespace Roaming.Protocols.Ocpi;


/// <summary>
/// The OCPI data types (types.asciidoc) as checks on <see cref="FieldErrors"/>: CiString(n), string(n), URL,
/// enum, DateTime and lists. Each check skips a null optional value, and reports a missing required one once.
/// </summary>
public static partial class OcpiFieldChecks
{
    /// <summary>CiString(n): printable ASCII (0x20-0x7E), compared case-insensitively elsewhere.</summary>
    public static void CiString(this FieldErrors errors, string field, string? value, int maxLength, bool required)
    {
        if (required)
            errors.Required(field, value);
        if (string.IsNullOrEmpty(value))
            return;
        errors.MaxLength(field, value, maxLength);
        if (value.Any(character => character is < ' ' or > '~'))
            errors.Add(field, "must contain printable ASCII characters only");
    }

    /// <summary>string(n): any printable UTF-8, case sensitive.</summary>
    public static void Text(this FieldErrors errors, string field, string? value, int maxLength, bool required)
    {
        if (required)
            errors.RequiredString(field, value, maxLength);
        else
            errors.MaxLength(field, value, maxLength);
    }

    /// <summary>URL: string(255) holding an absolute http or https address.</summary>
    public static void Url(this FieldErrors errors, string field, string? value, bool required)
    {
        errors.Text(field, value, 255, required);
        if (string.IsNullOrEmpty(value))
            return;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            errors.Add(field, "must be an absolute http or https URL");
    }

    public static void KnownEnum<TEnum>(this FieldErrors errors, string field, OcpiEnum<TEnum>? value, bool required)
        where TEnum : struct, Enum
    {
        if (required)
            errors.Required(field, value);
        errors.OneOf(field, value?.Text, OcpiEnumTexts<TEnum>.All);
    }

    public static void WholeNumber(this FieldErrors errors, string field, int? value, int min, int max, bool required)
    {
        if (required)
            errors.Required(field, value);
        if (value is { } number && (number < min || number > max))
            errors.Add(field, max == int.MaxValue ? $"must be {min} or more" : $"must be between {min} and {max}");
    }

    public static void Number(this FieldErrors errors, string field, decimal? value, decimal min, decimal max, bool required)
    {
        if (required)
            errors.Required(field, value);
        if (value is { } number && (number < min || number > max))
            errors.Add(field, max == decimal.MaxValue ? $"must be {min} or more" : $"must be between {min} and {max}");
    }

    /// <summary>Runs <paramref name="check"/> on every element of a list field with its indexed path; a null element is an error.</summary>
    public static void Each<T>(this FieldErrors errors, string field, IReadOnlyList<T>? items, Action<T, string> check)
    {
        if (items is null)
            return;
        for (var index = 0; index < items.Count; index++)
        {
            var itemPath = FieldErrors.Index(field, index);
            if (items[index] is { } item)
                check(item, itemPath);
            else
                errors.Add(itemPath, "must not be null");
        }
    }

    /// <summary>
    /// Reports every element whose key repeats an earlier one, at the repeating element's key path. Keys are
    /// CiStrings, so "A1" and "a1" are the same key.
    /// </summary>
    public static void UniqueKeys<T>(
        this FieldErrors errors, string field, IReadOnlyList<T>? items, string keyName, Func<T, string?> key, string scope)
    {
        if (items is null)
            return;
        var firstIndexByKey = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < items.Count; index++)
        {
            if (items[index] is not { } item || key(item) is not { Length: > 0 } value)
                continue;
            if (!firstIndexByKey.TryAdd(value, index))
            {
                var first = FieldErrors.Path(FieldErrors.Index(field, firstIndexByKey[value]), keyName);
                errors.Add(
                    FieldErrors.Path(FieldErrors.Index(field, index), keyName),
                    $"must be unique within {scope}; '{value}' is already used by {first}");
            }
        }
    }

    /// <summary>DisplayText: an ISO 639-1 language and a text of at most 512 characters on one line.</summary>
    public static void DisplayText(this FieldErrors errors, string path, DisplayText text)
    {
        errors.Language(FieldErrors.Path(path, "language"), text.Language, required: true);
        var field = FieldErrors.Path(path, "text");
        errors.Text(field, text.Text, 512, required: true);
        if (text.Text is { } value && value.Any(char.IsControl))
            errors.Add(field, "must not contain control characters");
    }

    /// <summary>EnergyMix: known categories, percentages 0..100, amounts not negative, names string(64).</summary>
    public static void EnergyMix(this FieldErrors errors, string path, EnergyMix energyMix)
    {
        errors.Required(FieldErrors.Path(path, "is_green_energy"), energyMix.IsGreenEnergy);
        errors.Each(FieldErrors.Path(path, "energy_sources"), energyMix.EnergySources, (source, sourcePath) =>
        {
            errors.KnownEnum(FieldErrors.Path(sourcePath, "source"), source.Source, required: true);
            errors.Number(FieldErrors.Path(sourcePath, "percentage"), source.Percentage, 0, 100, required: true);
        });
        errors.Each(FieldErrors.Path(path, "environ_impact"), energyMix.EnvironImpact, (impact, impactPath) =>
        {
            errors.KnownEnum(FieldErrors.Path(impactPath, "category"), impact.Category, required: true);
            errors.Number(FieldErrors.Path(impactPath, "amount"), impact.Amount, 0, decimal.MaxValue, required: true);
        });
        errors.Text(FieldErrors.Path(path, "supplier_name"), energyMix.SupplierName, 64, required: false);
        errors.Text(FieldErrors.Path(path, "energy_product_name"), energyMix.EnergyProductName, 64, required: false);
    }

    /// <summary>DateTime: required or not; its format was checked when it was read (<see cref="OcpiDateTime"/>).</summary>
    public static void DateTime(this FieldErrors errors, string field, NodaTime.Instant? value, bool required)
    {
        if (required)
            errors.Required(field, value);
    }

    /// <summary>string(2): an ISO 639-1 language code.</summary>
    public static void Language(this FieldErrors errors, string field, string? value, bool required)
    {
        if (required)
            errors.Required(field, value);
        if (value is { Length: > 0 } && !LanguageFormat().IsMatch(value))
            errors.Add(field, "must be a two-letter ISO 639-1 language code such as en");
    }

    /// <summary>CiString(2): the ISO 3166-1 alpha-2 country of a party.</summary>
    public static void CountryCode(this FieldErrors errors, string field, string? value)
    {
        errors.CiString(field, value, 2, required: true);
        if (value is { Length: > 0 } && !Iso3166Countries.IsAlpha2(value.ToUpperInvariant()))
            errors.Add(field, "must be an ISO 3166-1 alpha-2 code such as NL");
    }

    /// <summary>CiString(3): the ISO 15118 party id.</summary>
    public static void PartyId(this FieldErrors errors, string field, string? value)
    {
        errors.CiString(field, value, 3, required: true);
        if (value is { Length: > 0 } && !PartyIdFormat().IsMatch(value))
            errors.Add(field, "must be 3 letters or digits (ISO 15118 party id)");
    }

    /// <summary>GeoLocation: latitude and longitude as the spec's regexes and within range.</summary>
    // The spec gives the regexes; string(10)/string(11) date from the 6-decimal regex and would reject the
    // 7 decimals the regex allows, so the regex alone decides the length.
    public static void Coordinates(this FieldErrors errors, string path, string? latitude, string? longitude)
    {
        errors.Coordinate(FieldErrors.Path(path, "latitude"), latitude, LatitudeFormat(), 90, "-?[0-9]{1,2}\\.[0-9]{5,7}, for example 51.047599");
        errors.Coordinate(FieldErrors.Path(path, "longitude"), longitude, LongitudeFormat(), 180, "-?[0-9]{1,3}\\.[0-9]{5,7}, for example 3.729944");
    }

    private static void Coordinate(this FieldErrors errors, string field, string? value, Regex format, int bound, string shape)
    {
        errors.Required(field, value);
        if (string.IsNullOrEmpty(value))
            return;
        if (!format.IsMatch(value))
            errors.Add(field, $"must match {shape}");
        else if (Math.Abs(decimal.Parse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)) > bound)
            errors.Add(field, $"must be between -{bound} and {bound}");
    }

    [GeneratedRegex(@"^-?[0-9]{1,2}\.[0-9]{5,7}\z")]
    private static partial Regex LatitudeFormat();

    [GeneratedRegex(@"^-?[0-9]{1,3}\.[0-9]{5,7}\z")]
    private static partial Regex LongitudeFormat();

    [GeneratedRegex(@"^[A-Za-z]{2}\z")]
    private static partial Regex LanguageFormat();

    [GeneratedRegex(@"^[A-Za-z0-9]{3}\z")]
    private static partial Regex PartyIdFormat();
}
