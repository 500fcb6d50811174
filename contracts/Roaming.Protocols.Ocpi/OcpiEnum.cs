using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Roaming.Protocols.Ocpi;


/// <summary>
/// An OCPI enum field exactly as it came over the wire: its text, and whether OCPI 2.2.1 knows that value.
/// </summary>
/// <remarks>
/// Why not a plain C# enum on the wire model: one unknown value (a typo, a 2.3.0 value, a peer's custom value)
/// would make the deserializer throw for the whole document, and the endpoint could not answer a 400 that names
/// the field. Keeping the text lets the validator report <c>evses[0].connectors[1].standard</c>, and a value the
/// model does not understand still serializes back unchanged. Code reads <see cref="Value"/> after validation;
/// code that builds a model assigns the C# enum directly (implicit conversion).
/// </remarks>
[JsonConverter(typeof(OcpiEnumJsonConverterFactory))]
public sealed record OcpiEnum<TEnum> where TEnum : struct, Enum
{
    public OcpiEnum(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
    }

    /// <summary>The value as written on the wire, for example <c>AC_3_PHASE</c>.</summary>
    public string Text { get; }

    public bool IsKnown => OcpiEnumTexts<TEnum>.TryParse(Text, out _);

    /// <summary>The C# value. Throws for an unknown text, so read it only from a validated object.</summary>
    public TEnum Value => OcpiEnumTexts<TEnum>.TryParse(Text, out var value)
        ? value
        : throw new InvalidOperationException(
            $"'{Text}' is not a known {typeof(TEnum).Name}; validate the object before reading Value.");

    public bool TryGetValue(out TEnum value) => OcpiEnumTexts<TEnum>.TryParse(Text, out value);

    public static implicit operator OcpiEnum<TEnum>(TEnum value) => new(OcpiEnumTexts<TEnum>.ToText(value));

    public override string ToString() => Text;
}

/// <summary>
/// The wire texts of an OCPI enum, read once from its <see cref="JsonStringEnumMemberNameAttribute"/>s so the
/// C# enum declaration stays the single list of allowed values. Matching is exact (ordinal): OCPI values are
/// upper case and <c>available</c> is not <c>AVAILABLE</c>.
/// </summary>
public static class OcpiEnumTexts<TEnum> where TEnum : struct, Enum
{
    private static readonly (string Text, TEnum Value)[] Members = typeof(TEnum)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (
            field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name,
            (TEnum)field.GetValue(null)!))
        .ToArray();

    private static readonly FrozenDictionary<string, TEnum> ValueByText =
        Members.ToFrozenDictionary(member => member.Text, member => member.Value, StringComparer.Ordinal);

    private static readonly FrozenDictionary<TEnum, string> TextByValue =
        Members.ToFrozenDictionary(member => member.Value, member => member.Text);

    /// <summary>Every allowed wire text, in declaration order (used in error messages).</summary>
    public static IReadOnlyList<string> All { get; } = Members.Select(member => member.Text).ToArray();

    public static bool TryParse(string text, out TEnum value) => ValueByText.TryGetValue(text, out value);

    public static string ToText(TEnum value) => TextByValue.TryGetValue(value, out var text)
        ? text
        : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a declared {typeof(TEnum).Name}");
}

/// <summary>Reads any JSON string into <see cref="OcpiEnum{TEnum}"/>; only a non-string token is a format error.</summary>
public sealed class OcpiEnumJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(OcpiEnum<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(
            typeof(OcpiEnumJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class OcpiEnumJsonConverter<TEnum> : JsonConverter<OcpiEnum<TEnum>> where TEnum : struct, Enum
    {
        public override OcpiEnum<TEnum> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? new OcpiEnum<TEnum>(reader.GetString()!)
                : throw new OcpiFieldFormatException(
                    $"must be a string, one of {string.Join(", ", OcpiEnumTexts<TEnum>.All)}");

        public override void Write(Utf8JsonWriter writer, OcpiEnum<TEnum> value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Text);
    }
}
