using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Roaming.Ingest.Ocpp;
using Shouldly;
using Xunit;

namespace Roaming.Ingest.Tests.Ocpp.Messages;

/// <summary>
/// Walks each DTO next to its official schema: same property names, required ⇔ non-nullable, matching types,
/// and every enum spelt exactly like the schema's enum list. Catches a missing or misspelt field that a round trip
/// alone would not.
/// </summary>
public class DtoSchemaConformanceTests
{
    public static TheoryData<OcppVersion, string, bool> Messages()
    {
        var data = new TheoryData<OcppVersion, string, bool>();
        foreach (var entry in OcppMessageCatalog.All)
        {
            data.Add(entry.Version, entry.Action, true);
            data.Add(entry.Version, entry.Action, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Dto_matches_the_official_schema(OcppVersion version, string action, bool isRequest)
    {
        OcppMessageCatalog.TryGet(version, action, out var types).ShouldBeTrue();
        var schema = LoadSchema(version, action, isRequest);
        var problems = new List<string>();

        Compare(isRequest ? types.Request : types.Response, schema, schema, "$", problems);

        problems.Except(KnownSchemaOddities).ShouldBeEmpty();
    }

    /// <summary>Fields the shipped schemas have but the OCPP specification does not; the DTOs follow the specification.</summary>
    private static readonly string[] KnownSchemaOddities =
    [
        "$.transactionId: in the schema, not in StartTransactionRequest", // 1.6 StartTransaction.req has no transactionId
    ];

    private static JsonElement LoadSchema(OcppVersion version, string action, bool isRequest)
    {
        var file = version == OcppVersion.V16
            ? $"Ocpp/Schemas/1.6/{action}{(isRequest ? "" : "Response")}.json"
            : $"Ocpp/Schemas/2.0.1/{action}{(isRequest ? "Request" : "Response")}.json";
        var assembly = typeof(OcppSchemas).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.Replace('\\', '/') == file);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.Clone();
    }

    private static void Compare(Type type, JsonElement node, JsonElement root, string path, List<string> problems)
    {
        if (node.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            node = root.GetProperty("definitions").GetProperty(name);
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        var schemaType = node.TryGetProperty("type", out var t) ? t.GetString() : null;

        switch (schemaType)
        {
            case "object":
                CompareObject(type, node, root, path, problems);
                break;
            case "array":
                if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IReadOnlyList<>))
                {
                    problems.Add($"{path}: array expected, DTO has {type.Name}");
                    break;
                }

                Compare(type.GetGenericArguments()[0], node.GetProperty("items"), root, path + "[]", problems);
                break;
            case "string" when node.TryGetProperty("enum", out var values):
                if (!type.IsEnum)
                {
                    problems.Add($"{path}: enum expected, DTO has {type.Name}");
                    break;
                }

                var schemaValues = values.EnumerateArray().Select(v => v.GetString()!).Order(StringComparer.Ordinal).ToList();
                var dtoValues = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                    .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name)
                    .Order(StringComparer.Ordinal).ToList();
                if (!schemaValues.SequenceEqual(dtoValues))
                {
                    problems.Add($"{path}: enum {type.Name} [{string.Join(",", dtoValues)}] vs schema [{string.Join(",", schemaValues)}]");
                }

                break;
            case "string" when node.TryGetProperty("format", out var format) && format.GetString() == "date-time":
                Expect(type == typeof(DateTimeOffset), path, "DateTimeOffset", type, problems);
                break;
            case "string":
                Expect(type == typeof(string), path, "string", type, problems);
                break;
            case "integer":
                Expect(type == typeof(int) || type == typeof(long), path, "int/long", type, problems);
                break;
            case "number":
                // 1.6 BootNotificationResponse.interval is "number" in the schema but an integer in the spec.
                Expect(type == typeof(decimal) || type == typeof(int), path, "decimal", type, problems);
                break;
            case "boolean":
                Expect(type == typeof(bool), path, "bool", type, problems);
                break;
            case null:
                Expect(type == typeof(JsonElement), path, "JsonElement", type, problems);
                break;
            default:
                problems.Add($"{path}: unhandled schema type {schemaType}");
                break;
        }
    }

    private static void CompareObject(Type type, JsonElement node, JsonElement root, string path, List<string> problems)
    {
        var nullability = new NullabilityInfoContext();
        var dtoProperties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonExtensionDataAttribute>() is null && p.Name != "EqualityContract")
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? $"<no JsonPropertyName on {p.Name}>");
        var schemaProperties = node.TryGetProperty("properties", out var props)
            ? props.EnumerateObject().ToDictionary(p => p.Name, p => p.Value)
            : [];
        var required = node.TryGetProperty("required", out var req) ? req.EnumerateArray().Select(r => r.GetString()!).ToHashSet() : [];

        foreach (var missing in schemaProperties.Keys.Except(dtoProperties.Keys))
        {
            problems.Add($"{path}.{missing}: in the schema, not in {type.Name}");
        }

        foreach (var extra in dtoProperties.Keys.Except(schemaProperties.Keys))
        {
            problems.Add($"{path}.{extra}: in {type.Name}, not in the schema");
        }

        foreach (var (name, schema) in schemaProperties)
        {
            if (!dtoProperties.TryGetValue(name, out var property))
            {
                continue;
            }

            var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null
                || (!property.PropertyType.IsValueType && nullability.Create(property).ReadState == NullabilityState.Nullable);
            if (nullable == required.Contains(name))
            {
                problems.Add($"{path}.{name}: {(required.Contains(name) ? "required but nullable" : "optional but not nullable")} in {type.Name}");
            }

            Compare(property.PropertyType, schema, root, $"{path}.{name}", problems);
        }
    }

    private static void Expect(bool ok, string path, string expected, Type actual, List<string> problems)
    {
        if (!ok)
        {
            problems.Add($"{path}: {expected} expected, DTO has {actual.Name}");
        }
    }
}
