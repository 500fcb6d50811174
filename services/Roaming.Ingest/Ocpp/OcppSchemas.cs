using System.Collections.Frozen;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Roaming.Ingest.Ocpp;

/// <summary>
/// The official OCPP 1.6 and 2.0.1 JSON schemas (embedded from <c>spec/ocpp-schemas</c>, see its <c>SOURCE.md</c>), each compiled once
/// into a <see cref="CompiledSchema"/> that validates the already parsed payload (no second parse). Immutable after construction and safe to share between connections: register it as
/// a singleton or use <see cref="Shared"/>. Loading all schemas takes a few hundred milliseconds
/// (<see cref="LoadTime"/>; the benchmark <c>OcppSchemaValidation</c> in tests/Roaming.Benchmarks measures it), so build it at startup, not per message.
/// <para>
/// Error codes for a payload that fails its schema (the first error decides; the description names up to three,
/// by JSON path):
/// missing property or too many/few items → <see cref="OcppErrorCode.OccurrenceConstraintViolation"/>;
/// wrong JSON type → <see cref="OcppErrorCode.TypeConstraintViolation"/>;
/// enum, length, format (date-time, uri), numeric range or multipleOf → <see cref="OcppErrorCode.PropertyConstraintViolation"/>;
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

    private readonly FrozenDictionary<(OcppVersion Version, string Action), CompiledSchema> _requests;
    private readonly FrozenDictionary<(OcppVersion Version, string Action), CompiledSchema> _responses;

    public OcppSchemas()
    {
        var stopwatch = Stopwatch.StartNew();
        var requests = new Dictionary<(OcppVersion, string), CompiledSchema>();
        var responses = new Dictionary<(OcppVersion, string), CompiledSchema>();
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
        FrozenDictionary<(OcppVersion, string), CompiledSchema> schemas, OcppVersion version, string action, JsonElement payload, string kind)
    {
        if (!schemas.TryGetValue((version, action), out var schema))
        {
            return new OcppError(OcppErrorCode.NotImplemented, $"Action '{action}' is not known to this CSMS ({version.ToSubprotocol()}).");
        }

        var errors = schema.Validate(payload);
        if (errors.Count == 0)
        {
            return null;
        }

        var first = errors[0];
        var described = string.Join("; ", errors.Take(MaxErrorsInDescription).Select(Describe));
        var more = errors.Count > MaxErrorsInDescription ? $" (+{errors.Count - MaxErrorsInDescription} more)" : "";
        return new OcppError(CodeFor(first.Kind), $"{action} {kind}: {described}{more}", Details(errors));
    }

    /// <summary>Maps one violation to an OCPP error code (see the class remarks).</summary>
    public static OcppErrorCode CodeFor(SchemaViolationKind kind) => kind switch
    {
        SchemaViolationKind.PropertyRequired
            or SchemaViolationKind.TooManyItems
            or SchemaViolationKind.TooFewItems => OcppErrorCode.OccurrenceConstraintViolation,

        SchemaViolationKind.StringExpected
            or SchemaViolationKind.NumberExpected
            or SchemaViolationKind.IntegerExpected
            or SchemaViolationKind.BooleanExpected
            or SchemaViolationKind.ObjectExpected
            or SchemaViolationKind.ArrayExpected => OcppErrorCode.TypeConstraintViolation,

        SchemaViolationKind.NotInEnumeration
            or SchemaViolationKind.StringTooLong
            or SchemaViolationKind.NumberTooSmall
            or SchemaViolationKind.NumberTooBig
            or SchemaViolationKind.NumberNotMultipleOf
            or SchemaViolationKind.DateTimeExpected
            or SchemaViolationKind.UriExpected => OcppErrorCode.PropertyConstraintViolation,

        _ => OcppErrorCode.FormatViolation,
    };

    private static CompiledSchema Load(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded schema '{resource}' is missing.");
        using var reader = new StreamReader(stream);
        return CompiledSchema.Compile(reader.ReadToEnd());
    }

    private static string PathOf(SchemaViolation error) => error.Path.Length == 0 ? "$" : "$." + error.Path;

    private static string Describe(SchemaViolation error)
    {
        var schema = error.Schema;
        var problem = error.Kind switch
        {
            SchemaViolationKind.PropertyRequired => "is required",
            SchemaViolationKind.NoAdditionalPropertiesAllowed => "is not a property of this message",
            SchemaViolationKind.StringTooLong when schema.MaxLength is { } max => $"is longer than {max} characters",
            SchemaViolationKind.NotInEnumeration when schema.Enumeration is { Count: > 0 } values =>
                "is not one of " + string.Join(", ", values.Take(8)) + (values.Count > 8 ? ", ..." : ""),
            SchemaViolationKind.StringExpected => "must be a string",
            SchemaViolationKind.IntegerExpected => "must be an integer",
            SchemaViolationKind.NumberExpected => "must be a number",
            SchemaViolationKind.BooleanExpected => "must be a boolean",
            SchemaViolationKind.ObjectExpected => "must be an object",
            SchemaViolationKind.ArrayExpected => "must be an array",
            SchemaViolationKind.DateTimeExpected => "must be an RFC 3339 date-time",
            SchemaViolationKind.TooFewItems when schema.MinItems is { } min => $"needs at least {min} item(s)",
            SchemaViolationKind.TooManyItems when schema.MaxItems is { } max => $"allows at most {max} item(s)",
            var kind => kind.ToString(),
        };
        return $"{PathOf(error)} {problem}";
    }

    private static JsonElement Details(IReadOnlyList<SchemaViolation> errors)
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
