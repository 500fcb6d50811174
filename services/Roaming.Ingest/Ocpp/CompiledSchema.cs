using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Roaming.Ingest.Ocpp;

/// <summary>What a payload did wrong; the names are those of the JSON Schema validator Ingest used before (NJsonSchema), so the details on the wire stay the same.</summary>
public enum SchemaViolationKind
{
    PropertyRequired,
    NoAdditionalPropertiesAllowed,
    TooFewItems,
    TooManyItems,
    StringExpected,
    NumberExpected,
    IntegerExpected,
    BooleanExpected,
    ObjectExpected,
    ArrayExpected,
    NotInEnumeration,
    StringTooLong,
    NumberTooSmall,
    NumberTooBig,
    NumberNotMultipleOf,
    DateTimeExpected,
    UriExpected,
}

/// <param name="Path">JSON path below the payload, e.g. <c>meterValue[0].sampledValue[0].value</c>; empty for the payload itself.</param>
/// <param name="Schema">The schema node that reported it (for the description: its limits and enumeration).</param>
public sealed record SchemaViolation(SchemaViolationKind Kind, string Path, CompiledSchema Schema);

/// <summary>
/// One OCPP JSON schema compiled once into a validator over <see cref="JsonElement"/>: the payload parsed for the frame is
/// validated as it is, with no second parse. It covers exactly the keywords the official OCPP 1.6 and 2.0.1 schemas use
/// (type, properties, required, additionalProperties: false, enum, maxLength, items, minItems, maxItems, minimum,
/// maximum, multipleOf, format date-time and uri, $ref into definitions); a schema with any other keyword is refused
/// when it is compiled, never silently half-checked. Violations come in the order the previous validator (NJsonSchema)
/// reported them, because the first one decides the OCPP error code: per node the type checks (array, string, number,
/// integer, boolean, object), then enum, then the declared properties in schema order (each property's own violations,
/// or its absence when required), then properties the schema does not declare.
/// </summary>
public sealed class CompiledSchema
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "id", "$comment", "title", "description", "javaType", "default", "definitions"];
    private static readonly HashSet<string> Keywords =
        ["type", "properties", "required", "additionalProperties", "enum", "maxLength", "items", "minItems", "maxItems", "minimum", "maximum", "multipleOf", "format", "$ref"];

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd' 'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd' 'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd' 'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd' 'HH:mm", "yyyy-MM-dd'T'HH",
        "yyyy-MM-dd' 'HH", "yyyy-MM-dd", "yyyy-MM-dd'Z'", "yyyyMMdd", "yyyy-MM", "yyyy",
    ];

    private static readonly Regex DateTimePattern = new(@"^((?:(\d{4}-\d{2}-\d{2})([Tt_]| )(\d{2}:\d{2}:\d{2}(?:\.\d+)?))([Zz]|[\+-]\d{2}:\d{2}))$",
        RegexOptions.Compiled, TimeSpan.FromMilliseconds(250));

    private enum JsonType { None, Object, Array, String, Integer, Number, Boolean }

    private enum StringFormat { None, DateTime, Uri }

    private sealed record Property(string Name, CompiledSchema Schema, bool Required);

    private JsonType _type;
    private Property[] _properties = [];
    private string[] _requiredUndeclared = [];
    private HashSet<string> _declared = [];
    private bool _additionalProperties = true;
    private HashSet<string>? _enumeration;
    private decimal? _minimum;
    private decimal? _maximum;
    private decimal? _multipleOf;
    private StringFormat _format;
    private CompiledSchema? _items;

    private CompiledSchema()
    {
    }

    /// <summary>The enumeration as written in the schema (for descriptions).</summary>
    public IReadOnlyList<string> Enumeration { get; private set; } = [];

    public int? MaxLength { get; private set; }
    public int? MinItems { get; private set; }
    public int? MaxItems { get; private set; }

    /// <exception cref="NotSupportedException">the schema uses a keyword this validator does not implement.</exception>
    public static CompiledSchema Compile(string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        var root = document.RootElement;
        var definitions = new Dictionary<string, CompiledSchema>(StringComparer.Ordinal);
        if (root.TryGetProperty("definitions", out var declared))
        {
            // two passes, so definitions may refer to each other in any order
            foreach (var definition in declared.EnumerateObject())
                definitions[definition.Name] = new CompiledSchema();
            foreach (var definition in declared.EnumerateObject())
                definitions[definition.Name].Fill(definition.Value, definitions);
        }
        return Node(root, definitions);
    }

    private static CompiledSchema Node(JsonElement schema, Dictionary<string, CompiledSchema> definitions)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            // as in NJsonSchema, a reference stands for the referenced schema; its sibling keywords are annotations
            const string prefix = "#/definitions/";
            var target = reference.GetString() ?? "";
            return target.StartsWith(prefix, StringComparison.Ordinal) && definitions.TryGetValue(target[prefix.Length..], out var resolved)
                ? resolved
                : throw new NotSupportedException($"Schema reference '{target}' is not a local definition.");
        }
        var node = new CompiledSchema();
        node.Fill(schema, definitions);
        return node;
    }

    private void Fill(JsonElement schema, Dictionary<string, CompiledSchema> definitions)
    {
        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Keywords.Contains(keyword.Name) && !Annotations.Contains(keyword.Name))
                throw new NotSupportedException($"Schema keyword '{keyword.Name}' is not supported.");
        }
        _type = schema.TryGetProperty("type", out var type)
            ? type.GetString() switch
            {
                "object" => JsonType.Object,
                "array" => JsonType.Array,
                "string" => JsonType.String,
                "integer" => JsonType.Integer,
                "number" => JsonType.Number,
                "boolean" => JsonType.Boolean,
                var other => throw new NotSupportedException($"Schema type '{other}' is not supported."),
            }
            : JsonType.None;
        var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()!).ToList() : [];
        if (schema.TryGetProperty("properties", out var properties))
            _properties = properties.EnumerateObject().Select(p => new Property(p.Name, Node(p.Value, definitions), required.Contains(p.Name))).ToArray();
        _declared = _properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        _requiredUndeclared = required.Where(name => !_declared.Contains(name)).ToArray();
        if (schema.TryGetProperty("additionalProperties", out var additional))
            _additionalProperties = additional.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new NotSupportedException("additionalProperties as a schema is not supported."),
            };
        if (schema.TryGetProperty("enum", out var enumeration))
        {
            Enumeration = enumeration.EnumerateArray().Select(value => value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new NotSupportedException("Only string enumerations are supported.")).ToList();
            _enumeration = Enumeration.ToHashSet(StringComparer.Ordinal);
        }
        MaxLength = schema.TryGetProperty("maxLength", out var maxLength) ? maxLength.GetInt32() : null;
        // NJsonSchema treats a zero item limit as no limit
        MinItems = schema.TryGetProperty("minItems", out var minItems) && minItems.GetInt32() > 0 ? minItems.GetInt32() : null;
        MaxItems = schema.TryGetProperty("maxItems", out var maxItems) && maxItems.GetInt32() > 0 ? maxItems.GetInt32() : null;
        _minimum = schema.TryGetProperty("minimum", out var minimum) ? minimum.GetDecimal() : null;
        _maximum = schema.TryGetProperty("maximum", out var maximum) ? maximum.GetDecimal() : null;
        _multipleOf = schema.TryGetProperty("multipleOf", out var multipleOf) ? multipleOf.GetDecimal() : null;
        _format = schema.TryGetProperty("format", out var format)
            ? format.GetString() switch
            {
                "date-time" => StringFormat.DateTime,
                "uri" => StringFormat.Uri,
                var other => throw new NotSupportedException($"Schema format '{other}' is not supported."),
            }
            : StringFormat.None;
        if (schema.TryGetProperty("items", out var items))
            _items = items.ValueKind == JsonValueKind.Object
                ? Node(items, definitions)
                : throw new NotSupportedException("Tuple items are not supported.");
    }

    /// <summary>All violations of <paramref name="payload"/>, in reporting order (the first one decides the error code).</summary>
    public List<SchemaViolation> Validate(JsonElement payload)
    {
        var violations = new List<SchemaViolation>();
        Validate(payload, "", violations);
        return violations;
    }

    private void Validate(JsonElement token, string path, List<SchemaViolation> violations)
    {
        ValidateType(token, path, violations);
        if (_enumeration is not null && !_enumeration.Contains(EnumerationText(token)))
            violations.Add(new SchemaViolation(SchemaViolationKind.NotInEnumeration, path, this));
        ValidateProperties(token, path, violations);
    }

    private void ValidateType(JsonElement token, string path, List<SchemaViolation> violations)
    {
        if (token.ValueKind == JsonValueKind.Array)
        {
            var count = token.GetArrayLength();
            if (count < MinItems)
                violations.Add(new SchemaViolation(SchemaViolationKind.TooFewItems, path, this));
            if (count > MaxItems)
                violations.Add(new SchemaViolation(SchemaViolationKind.TooManyItems, path, this));
            if (_items is not null)
            {
                var index = 0;
                foreach (var item in token.EnumerateArray())
                    _items.Validate(item, $"{path}[{index++}]", violations);
            }
        }
        else if (_type == JsonType.Array)
            violations.Add(new SchemaViolation(SchemaViolationKind.ArrayExpected, path, this));

        if (token.ValueKind == JsonValueKind.String)
            ValidateString(token.GetString()!, path, violations);
        else if (_type == JsonType.String)
            violations.Add(new SchemaViolation(SchemaViolationKind.StringExpected, path, this));

        var isNumber = token.ValueKind == JsonValueKind.Number;
        if (_type == JsonType.Number && !isNumber)
            violations.Add(new SchemaViolation(SchemaViolationKind.NumberExpected, path, this));
        if (isNumber)
            ValidateNumber(token, path, violations);
        if (_type == JsonType.Integer && !(isNumber && IsIntegerLiteral(token)))
            violations.Add(new SchemaViolation(SchemaViolationKind.IntegerExpected, path, this));
        if (_type == JsonType.Boolean && token.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            violations.Add(new SchemaViolation(SchemaViolationKind.BooleanExpected, path, this));
        if (_type == JsonType.Object && token.ValueKind != JsonValueKind.Object)
            violations.Add(new SchemaViolation(SchemaViolationKind.ObjectExpected, path, this));
    }

    private void ValidateString(string value, string path, List<SchemaViolation> violations)
    {
        if (value.Length > MaxLength)
            violations.Add(new SchemaViolation(SchemaViolationKind.StringTooLong, path, this));
        switch (_format)
        {
            case StringFormat.DateTime when !IsDateTime(value):
                violations.Add(new SchemaViolation(SchemaViolationKind.DateTimeExpected, path, this));
                break;
            case StringFormat.Uri when !Uri.TryCreate(value, UriKind.Absolute, out _):
                violations.Add(new SchemaViolation(SchemaViolationKind.UriExpected, path, this));
                break;
        }
    }

    private static bool IsDateTime(string value) =>
        DateTimeOffset.TryParseExact(value, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) || DateTimePattern.IsMatch(value);

    private void ValidateNumber(JsonElement token, string path, List<SchemaViolation> violations)
    {
        if (_minimum is null && _maximum is null && _multipleOf is null)
            return;
        // The previous validator compared the reader's value: a literal with a fraction or exponent as a double
        // (15 significant digits once it becomes a decimal), an integer exactly; beyond decimal's range as doubles.
        if (NumericValue(token) is { } value)
        {
            if (value < _minimum)
                violations.Add(new SchemaViolation(SchemaViolationKind.NumberTooSmall, path, this));
            if (value > _maximum)
                violations.Add(new SchemaViolation(SchemaViolationKind.NumberTooBig, path, this));
            if (_multipleOf is { } step && value % step != 0)
                violations.Add(new SchemaViolation(SchemaViolationKind.NumberNotMultipleOf, path, this));
            return;
        }
        if (!token.TryGetDouble(out var approximate))
            return;
        if (approximate < (double?)_minimum)
            violations.Add(new SchemaViolation(SchemaViolationKind.NumberTooSmall, path, this));
        if (approximate > (double?)_maximum)
            violations.Add(new SchemaViolation(SchemaViolationKind.NumberTooBig, path, this));
        if (_multipleOf is { } multiple && approximate % (double)multiple != 0)
            violations.Add(new SchemaViolation(SchemaViolationKind.NumberNotMultipleOf, path, this));
    }

    private static decimal? NumericValue(JsonElement token)
    {
        if (IsIntegerLiteral(token))
            return token.TryGetDecimal(out var exact) ? exact : null;
        return token.TryGetDouble(out var approximate) && approximate is >= (double)decimal.MinValue and <= (double)decimal.MaxValue ? (decimal)approximate : null;
    }

    /// <summary>A JSON number written without fraction or exponent (what a JSON reader types as an integer).</summary>
    private static bool IsIntegerLiteral(JsonElement number) => number.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') < 0;

    /// <summary>How the previous validator compared a value with a (string) enumeration: by its text.</summary>
    private static string EnumerationText(JsonElement token) => token.ValueKind switch
    {
        JsonValueKind.String => token.GetString()!,
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        JsonValueKind.Null => "",
        _ => token.GetRawText(),
    };

    private void ValidateProperties(JsonElement token, string path, List<SchemaViolation> violations)
    {
        var isObject = token.ValueKind == JsonValueKind.Object;
        foreach (var property in _properties)
        {
            if (isObject && token.TryGetProperty(property.Name, out var value))
                property.Schema.Validate(value, Join(path, property.Name), violations);
            else if (property.Required)
                violations.Add(new SchemaViolation(SchemaViolationKind.PropertyRequired, Join(path, property.Name), this));
        }
        foreach (var name in _requiredUndeclared)
        {
            if (!isObject || !token.TryGetProperty(name, out _))
                violations.Add(new SchemaViolation(SchemaViolationKind.PropertyRequired, Join(path, name), this));
        }
        if (!isObject || _additionalProperties)
            return;
        foreach (var property in token.EnumerateObject())
        {
            if (!_declared.Contains(property.Name))
                violations.Add(new SchemaViolation(SchemaViolationKind.NoAdditionalPropertiesAllowed, Join(path, property.Name), this));
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
