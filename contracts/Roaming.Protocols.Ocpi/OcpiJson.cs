using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Roaming.Contracts.Validation;

namespace Roaming.Protocols.Ocpi;


/// <summary>
/// Reads and writes the OCPI wire models. A payload that cannot be read becomes a field error with its JSON path
/// instead of an exception, so an endpoint answers 400 naming the field (for example
/// <c>evses[0].connectors[0].max_voltage</c>: has the wrong JSON type). Paths have no <c>$.</c> prefix, matching
/// the validators; an error about the whole document uses the path <c>$</c>.
/// </summary>
/// <remarks>
/// The deserializer stops at the first field it cannot read, so at most one such error is reported; missing
/// fields, lengths, formats and unknown enum values are all left to the validators, which report every one.
/// </remarks>
public static partial class OcpiJson
{
    public const string DocumentPath = "$";

    /// <summary>
    /// OCPI on the wire: names as the models declare them (snake_case), enums as their wire texts, every
    /// <see cref="NodaTime.Instant"/> an <see cref="OcpiDateTime"/>, nulls left out, numbers only as JSON numbers.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Adds the OCPI rules to <paramref name="options"/>; the platform's own JSON options build on them.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Insert(0, new OcpiDateTimeJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.PropertyNameCaseInsensitive = false;
        return options;
    }

    public static T? Deserialize<T>(string json, FieldErrors errors) where T : class
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            errors.Add(DocumentPath, $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})");
            return null;
        }
        using (document)
            return Deserialize<T>(document.RootElement, errors);
    }

    public static T? Deserialize<T>(JsonElement json, FieldErrors errors) where T : class
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(DocumentPath, "must be a JSON object");
            return null;
        }
        try
        {
            return json.Deserialize<T>(Options);
        }
        catch (JsonException ex)
        {
            var path = FieldPath(ex.Path);
            // A model with C# required members (the Tariff) names the missing ones in the message; report each.
            if (MissingRequired().Match(ex.Message) is { Success: true } missing)
            {
                foreach (var name in missing.Groups[1].Value.Split(", ").Select(quoted => quoted.Trim('\'')))
                    errors.Add(path == DocumentPath ? name : FieldErrors.Path(path, name), "is required");
                return null;
            }
            var message = ex is OcpiFieldFormatException ? ex.Message : DescribeWrongType(typeof(T), json, path);
            errors.Add(path, message);
            return null;
        }
    }

    /// <summary>
    /// Reads and validates a model in one call, for an endpoint: false with every error (JSON paths) when the body
    /// cannot be read or breaks a rule of <paramref name="validate"/>.
    /// </summary>
    public static bool TryRead<T>(JsonElement json, Func<T, FieldErrors> validate, [NotNullWhen(true)] out T? value, out FieldErrors errors)
        where T : class
    {
        var readErrors = new FieldErrors();
        return Checked(Deserialize<T>(json, readErrors), readErrors, validate, out value, out errors);
    }

    public static bool TryRead<T>(string json, Func<T, FieldErrors> validate, [NotNullWhen(true)] out T? value, out FieldErrors errors)
        where T : class
    {
        var readErrors = new FieldErrors();
        return Checked(Deserialize<T>(json, readErrors), readErrors, validate, out value, out errors);
    }

    private static bool Checked<T>(T? read, FieldErrors readErrors, Func<T, FieldErrors> validate, [NotNullWhen(true)] out T? value,
        out FieldErrors errors) where T : class
    {
        errors = read is null ? readErrors : validate(read);
        value = errors.IsValid ? read : null;
        return value is not null;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static JsonElement SerializeToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);

    /// <summary>
    /// Whether two models carry the same content on the wire. Use this rather than ==: the records compare their
    /// lists by reference, so two equal Locations read from the same JSON are not ==.
    /// </summary>
    public static bool SameContent<T>(T left, T right) =>
        JsonElement.DeepEquals(SerializeToElement(left), SerializeToElement(right));

    /// <summary>
    /// "must be a whole number, not the string "220"": walks the path through both the model type (for what was
    /// expected) and the document (for what came), because the serializer's own message names .NET types.
    /// </summary>
    private static string DescribeWrongType(Type modelType, JsonElement document, string path)
    {
        var type = modelType;
        var element = document;
        foreach (var segment in PathSegments().Matches(path).Select(match => match.Value))
        {
            if (segment.StartsWith('['))
            {
                var index = int.Parse(segment[1..^1], System.Globalization.CultureInfo.InvariantCulture);
                var elementType = type.IsGenericType ? type.GetGenericArguments()[0] : null;
                if (elementType is null || element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength())
                    return "has the wrong JSON type";
                (type, element) = (elementType, element[index]);
            }
            else
            {
                var property = type.GetProperties().FirstOrDefault(candidate =>
                    candidate.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == segment);
                if (property is null || element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out var child))
                    return "has the wrong JSON type";
                (type, element) = (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, child);
            }
        }
        return $"must be {Expected(type)}, not {Actual(element)}";
    }

    private static string Expected(Type type) => type switch
    {
        _ when type == typeof(string) => "a string",
        _ when type == typeof(int) => "a whole number",
        _ when type == typeof(decimal) => "a number",
        _ when type == typeof(bool) => "true or false",
        { IsGenericType: true } => "an array",
        _ => "an object",
    };

    private static string Actual(JsonElement element)
    {
        var text = element.GetRawText();
        var shown = text.Length <= 40 ? text : text[..40] + "...";
        return element.ValueKind switch
        {
            JsonValueKind.String => $"the string {shown}",
            JsonValueKind.Number => $"the number {shown}",
            JsonValueKind.True or JsonValueKind.False => $"the boolean {shown}",
            JsonValueKind.Array => "an array",
            _ => "an object",
        };
    }

    [GeneratedRegex(@"missing required properties including: (.*?)\.(?: Path:|$)")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"[^.\[\]]+|\[\d+\]")]
    private static partial Regex PathSegments();

    private static string FieldPath(string? jsonPath) => jsonPath switch
    {
        null or "" or DocumentPath => DocumentPath,
        _ when jsonPath.StartsWith("$.", StringComparison.Ordinal) => jsonPath[2..],
        _ => jsonPath[1..],
    };
}

/// <summary>
/// Thrown by the OCPI converters for a value they cannot read; its message is written for the API client
/// (for example "must be in UTC without an offset") and <see cref="OcpiJson"/> reports it with the field path.
/// </summary>
public sealed class OcpiFieldFormatException(string message) : JsonException(message);
