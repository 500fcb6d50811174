using Roaming.Platform.Validation;

namespace Roaming.Platform.Wire;


/// <summary>
/// The OCPI data types (types.asciidoc) as checks on <see cref="FieldErrors"/>: CiString(n), string(n), URL,
/// enum, DateTime and lists. Each check skips a null optional value, and reports a missing required one once.
/// </summary>
public static class OcpiFieldChecks
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
}
