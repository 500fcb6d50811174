using System.Collections.Frozen;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Roaming.Ingest.Ocpp;

/// <summary>
/// The official OCPP 1.6 and 2.0.1 JSON schemas (embedded, see <c>Ocpp/Schemas/SOURCE.md</c>), loaded once and
/// validated with NJsonSchema. Immutable after construction and safe to share between connections: register it as
/// a singleton or use <see cref="Shared"/>. Loading all schemas takes a few hundred milliseconds
/// (<see cref="LoadTime"/>; the test <c>OcppSchemasPerformanceTests</c> prints it), so build it at startup, not per message.
/// <para>
/// Error codes for a payload that fails its schema (the first error decides; the description names up to three,
/// by JSON path):
/// missing property or too many/few items/properties → <see cref="OcppErrorCode.OccurrenceConstraintViolation"/>;
/// wrong JSON type → <see cref="OcppErrorCode.TypeConstraintViolation"/>;
/// enum, length, pattern, format (date-time, uri, ...), numeric range or multipleOf → <see cref="OcppErrorCode.PropertyConstraintViolation"/>;
/// anything else, notably an unknown property under <c>additionalProperties: false</c> ("not conform the PDU
/// structure") → <see cref="OcppErrorCode.FormatViolation"/>. An action without a schema for the version →
/// <see cref="OcppErrorCode.NotImplemented"/>.
/// </para>
/// </summary>
public sealed class OcppSchemas
{
    private const string ResourcePrefix = "Ocpp/Schemas/";
    private const int MaxErrorsInDescription = 3;
    private const int MaxErrorsInDetails = 10;

    private static readonly Lazy<OcppSchemas> SharedInstance = new(() => new OcppSchemas(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<(OcppVersion Version, string Action), JsonSchema> _requests;
    private readonly FrozenDictionary<(OcppVersion Version, string Action), JsonSchema> _responses;

    public OcppSchemas()
    {
        var stopwatch = Stopwatch.StartNew();
        var requests = new Dictionary<(OcppVersion, string), JsonSchema>();
        var responses = new Dictionary<(OcppVersion, string), JsonSchema>();
        var assembly = typeof(OcppSchemas).Assembly;

        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var name = resource.Replace('\\', '/');
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            var relative = name[ResourcePrefix.Length..];
            var slash = relative.IndexOf('/');
            var version = relative[..slash] switch
            {
                "1.6" => OcppVersion.V16,
                "2.0.1" => OcppVersion.V201,
                var other => throw new InvalidOperationException($"Unexpected OCPP schema folder '{other}'."),
            };
            var file = relative[(slash + 1)..^".json".Length];
            var schema = Load(assembly, resource);

            if (file.EndsWith("Response", StringComparison.Ordinal))
            {
                responses.Add((version, file[..^"Response".Length]), schema);
            }
            else if (version == OcppVersion.V201)
            {
                requests.Add((version, file.EndsWith("Request", StringComparison.Ordinal) ? file[..^"Request".Length] : file), schema);
            }
            else
            {
                requests.Add((version, file), schema);
            }
        }

        if (requests.Count == 0)
        {
            throw new InvalidOperationException("No OCPP schemas are embedded in " + assembly.GetName().Name + ".");
        }

        _requests = requests.ToFrozenDictionary();
        _responses = responses.ToFrozenDictionary();
        SchemaCount = requests.Count + responses.Count;
        LoadTime = stopwatch.Elapsed;
    }

    /// <summary>One process-wide instance, loaded on first use (thread-safe).</summary>
    public static OcppSchemas Shared => SharedInstance.Value;

    /// <summary>How long the constructor took to read and compile every schema.</summary>
    public TimeSpan LoadTime { get; }

    public int SchemaCount { get; }

    /// <summary>True when the version has a request schema for the action (case-sensitive, as on the wire).</summary>
    public bool IsKnownAction(OcppVersion version, string action) => _requests.ContainsKey((version, action));

    /// <summary>All actions with a request schema for the version, sorted.</summary>
    public IReadOnlyList<string> Actions(OcppVersion version) =>
        _requests.Keys.Where(k => k.Version == version).Select(k => k.Action).Order(StringComparer.Ordinal).ToList();

    /// <summary>Validates the payload of a CALL. <c>null</c> means valid.</summary>
    public OcppError? ValidateRequest(OcppVersion version, string action, JsonElement payload) =>
        Validate(_requests, version, action, payload, "request");

    /// <summary>Validates the payload of a CALLRESULT to (or from) a call of <paramref name="action"/>. <c>null</c> means valid.</summary>
    public OcppError? ValidateResponse(OcppVersion version, string action, JsonElement payload) =>
        Validate(_responses, version, action, payload, "response");

    private static OcppError? Validate(
        FrozenDictionary<(OcppVersion, string), JsonSchema> schemas, OcppVersion version, string action, JsonElement payload, string kind)
    {
        if (!schemas.TryGetValue((version, action), out var schema))
        {
            return new OcppError(OcppErrorCode.NotImplemented, $"Action '{action}' is not known to this CSMS ({version.ToSubprotocol()}).");
        }

        var errors = Leaves(schema.Validate(payload.GetRawText())).ToList();
        if (errors.Count == 0)
        {
            return null;
        }

        var first = errors[0];
        var described = string.Join("; ", errors.Take(MaxErrorsInDescription).Select(Describe));
        var more = errors.Count > MaxErrorsInDescription ? $" (+{errors.Count - MaxErrorsInDescription} more)" : "";
        return new OcppError(CodeFor(first.Kind), $"{action} {kind}: {described}{more}", Details(errors));
    }

    /// <summary>Maps one NJsonSchema error kind to an OCPP error code (see the class remarks).</summary>
    public static OcppErrorCode CodeFor(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.PropertyRequired
            or ValidationErrorKind.TooManyItems
            or ValidationErrorKind.TooFewItems
            or ValidationErrorKind.TooManyItemsInTuple
            or ValidationErrorKind.TooManyProperties
            or ValidationErrorKind.TooFewProperties => OcppErrorCode.OccurrenceConstraintViolation,

        ValidationErrorKind.StringExpected
            or ValidationErrorKind.NumberExpected
            or ValidationErrorKind.IntegerExpected
            or ValidationErrorKind.BooleanExpected
            or ValidationErrorKind.ObjectExpected
            or ValidationErrorKind.ArrayExpected
            or ValidationErrorKind.NullExpected
            or ValidationErrorKind.NoTypeValidates => OcppErrorCode.TypeConstraintViolation,

        ValidationErrorKind.NotInEnumeration
            or ValidationErrorKind.StringTooShort
            or ValidationErrorKind.StringTooLong
            or ValidationErrorKind.PatternMismatch
            or ValidationErrorKind.NumberTooSmall
            or ValidationErrorKind.NumberTooBig
            or ValidationErrorKind.IntegerTooBig
            or ValidationErrorKind.NumberNotMultipleOf
            or ValidationErrorKind.IntegerNotMultipleOf
            or ValidationErrorKind.ItemsNotUnique
            or ValidationErrorKind.DateTimeExpected
            or ValidationErrorKind.DateExpected
            or ValidationErrorKind.TimeExpected
            or ValidationErrorKind.TimeSpanExpected
            or ValidationErrorKind.UriExpected
            or ValidationErrorKind.IpV4Expected
            or ValidationErrorKind.IpV6Expected
            or ValidationErrorKind.GuidExpected
            or ValidationErrorKind.UuidExpected
            or ValidationErrorKind.EmailExpected
            or ValidationErrorKind.HostnameExpected
            or ValidationErrorKind.Base64Expected => OcppErrorCode.PropertyConstraintViolation,

        _ => OcppErrorCode.FormatViolation,
    };

    private static JsonSchema Load(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded schema '{resource}' is missing.");
        using var reader = new StreamReader(stream);
        var json = reader.ReadToEnd();
        // No I/O happens here: the schemas only use local "#/definitions/..." references.
        return JsonSchema.FromJsonAsync(json).GetAwaiter().GetResult();
    }

    /// <summary>Array items and sub-schemas report their own errors as children; the leaves are the useful ones.</summary>
    private static IEnumerable<ValidationError> Leaves(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Values.Any(list => list.Count > 0))
            {
                foreach (var leaf in Leaves(child.Errors.Values.SelectMany(list => list)))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return error;
            }
        }
    }

    private static string PathOf(ValidationError error)
    {
        var path = error.Path ?? "#/";
        if (path is "#" or "#/")
        {
            return "$";
        }

        return path.StartsWith("#/", StringComparison.Ordinal) ? "$." + path[2..] : path;
    }

    private static string Describe(ValidationError error)
    {
        var schema = error.Schema;
        var problem = error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => "is required",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => "is not a property of this message",
            ValidationErrorKind.StringTooLong when schema?.MaxLength is { } max => $"is longer than {max} characters",
            ValidationErrorKind.StringTooShort when schema?.MinLength is { } min => $"is shorter than {min} characters",
            ValidationErrorKind.NotInEnumeration when schema?.Enumeration is { Count: > 0 } values =>
                "is not one of " + string.Join(", ", values.Take(8)) + (values.Count > 8 ? ", ..." : ""),
            ValidationErrorKind.StringExpected => "must be a string",
            ValidationErrorKind.IntegerExpected => "must be an integer",
            ValidationErrorKind.NumberExpected => "must be a number",
            ValidationErrorKind.BooleanExpected => "must be a boolean",
            ValidationErrorKind.ObjectExpected => "must be an object",
            ValidationErrorKind.ArrayExpected => "must be an array",
            ValidationErrorKind.DateTimeExpected => "must be an RFC 3339 date-time",
            ValidationErrorKind.TooFewItems when schema?.MinItems is { } min => $"needs at least {min} item(s)",
            ValidationErrorKind.TooManyItems when schema?.MaxItems is { } max => $"allows at most {max} item(s)",
            var kind => kind.ToString(),
        };
        return $"{PathOf(error)} {problem}";
    }

    private static JsonElement Details(IReadOnlyList<ValidationError> errors)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("errors");
            foreach (var error in errors.Take(MaxErrorsInDetails))
            {
                writer.WriteStartObject();
                writer.WriteString("path", PathOf(error));
                writer.WriteString("kind", error.Kind.ToString());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(stream.ToArray());
        return document.RootElement.Clone();
    }
}
