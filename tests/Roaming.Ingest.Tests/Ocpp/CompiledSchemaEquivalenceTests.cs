using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema.Validation;
using Roaming.Ingest.Ocpp;
using Roaming.Ingest.Tests.Ocpp.Messages;
using Shouldly;
using Xunit;

namespace Roaming.Ingest.Tests.Ocpp;

/// <summary>
/// The compiled System.Text.Json validator must judge every payload exactly like NJsonSchema, the validator Ingest used
/// before: for every embedded schema of both versions, a complete and a minimal valid payload, the payload our own DTO
/// produces, and mutations of each (every property removed, wrong JSON types, too long, not in the enumeration, an
/// extra property, out of range, not a multiple, bad date-time or URI, too many or too few items) must give the same
/// violations, kind and path, in the same order (the first decides the OCPP error code).
/// </summary>
public class CompiledSchemaEquivalenceTests
{
    private const int MaxDepth = 8;

    public static TheoryData<string> SchemaFiles()
    {
        var data = new TheoryData<string>();
        foreach (var name in typeof(OcppSchemas).Assembly.GetManifestResourceNames()
                     .Select(n => n.Replace('\\', '/')).Where(n => n.StartsWith("Ocpp/Schemas/", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public async Task Judges_like_NJsonSchema(string file)
    {
        var text = ReadResource(file);
        var reference = await NJsonSchema.JsonSchema.FromJsonAsync(text);
        var compiled = CompiledSchema.Compile(text);
        using var schemaDocument = JsonDocument.Parse(text);
        var root = schemaDocument.RootElement;

        var payloads = new List<JsonNode?> { Valid(root, root, complete: true, 0), Valid(root, root, complete: false, 0) };
        if (OurOwnPayload(file) is { } ours)
            payloads.Add(ours);
        var cases = payloads.Concat(payloads.SelectMany(p => Mutations(p, root, root, 0))).Select(p => p?.ToJsonString() ?? "null").Distinct().ToList();

        var mismatches = new List<string>();
        var invalid = 0;
        foreach (var json in cases)
        {
            var expected = Leaves(reference.Validate(json)).Select(e => $"{e.Kind} {PathOf(e)}").ToList();
            using var payload = JsonDocument.Parse(json);
            var actual = compiled.Validate(payload.RootElement).Select(v => $"{v.Kind} {v.Path}").ToList();
            if (!expected.SequenceEqual(actual))
                mismatches.Add($"{json}\n  NJsonSchema: {string.Join(", ", expected)}\n  compiled:    {string.Join(", ", actual)}");
            if (expected.Count > 0)
                invalid++;
        }

        mismatches.Take(5).ShouldBeEmpty($"{mismatches.Count} of {cases.Count} payloads judged differently");
        invalid.ShouldBeGreaterThan(0, "the mutations must include invalid payloads");
        invalid.ShouldBeLessThan(cases.Count, "the generated payloads must include valid ones");
    }

    [Theory]
    [InlineData("123456789012345678901234567890", "NumberTooBig")]
    [InlineData("-123456789012345678901234567890", "NumberTooSmall")]
    [InlineData("1e400", "NumberTooBig,IntegerExpected")]
    public void Integers_beyond_long_are_judged_not_thrown(string number, string expected)
    {
        var schema = CompiledSchema.Compile("""{"type":"object","properties":{"n":{"type":"integer","minimum":0,"maximum":100}}}""");
        using var payload = JsonDocument.Parse($$"""{"n":{{number}}}""");
        string.Join(",", schema.Validate(payload.RootElement).Select(v => v.Kind.ToString())).ShouldBe(expected);
    }

    [Fact]
    public void A_schema_keyword_it_does_not_implement_is_refused_when_compiled() =>
        Should.Throw<NotSupportedException>(() => CompiledSchema.Compile("""{"type":"string","pattern":"^[A-Z]+$"}"""));

    private static string ReadResource(string file)
    {
        var assembly = typeof(OcppSchemas).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.Replace('\\', '/') == file);
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return reader.ReadToEnd();
    }

    /// <summary>What our DTO for this message serializes to (filled by <see cref="DtoFiller"/>), when the catalog has one.</summary>
    private static JsonNode? OurOwnPayload(string file)
    {
        var version = file.Contains("/1.6/", StringComparison.Ordinal) ? OcppVersion.V16 : OcppVersion.V201;
        var name = Path.GetFileNameWithoutExtension(file);
        var isResponse = name.EndsWith("Response", StringComparison.Ordinal);
        var action = isResponse ? name[..^"Response".Length] : version == OcppVersion.V201 && name.EndsWith("Request", StringComparison.Ordinal) ? name[..^"Request".Length] : name;
        if (!OcppMessageCatalog.TryGet(version, action, out var types))
            return null;
        var dto = DtoFiller.Fill(isResponse ? types.Response : types.Request);
        return JsonNode.Parse(OcppJson.Serialize(dto));
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement root) =>
        schema.TryGetProperty("$ref", out var reference) ? root.GetProperty("definitions").GetProperty(reference.GetString()!.Split('/')[^1]) : schema;

    private static string? TypeOf(JsonElement schema) => schema.TryGetProperty("type", out var type) ? type.GetString() : null;

    private static decimal? Number(JsonElement schema, string keyword) => schema.TryGetProperty(keyword, out var value) ? value.GetDecimal() : null;

    private static JsonNode? Valid(JsonElement schema, JsonElement root, bool complete, int depth)
    {
        schema = Resolve(schema, root);
        switch (TypeOf(schema))
        {
            case "object":
                var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()).ToHashSet() : [];
                var obj = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties) && depth < MaxDepth)
                {
                    foreach (var property in properties.EnumerateObject().Where(p => complete || required.Contains(p.Name)))
                        obj[property.Name] = Valid(property.Value, root, complete, depth + 1);
                }

                return obj;
            case "array":
                var count = (int)Math.Max(1, Number(schema, "minItems") ?? 1);
                var array = new JsonArray();
                if (schema.TryGetProperty("items", out var items) && depth < MaxDepth)
                {
                    for (var i = 0; i < count; i++)
                        array.Add(Valid(items, root, complete, depth + 1));
                }

                return array;
            case "string":
                if (schema.TryGetProperty("enum", out var values))
                    return JsonValue.Create(values[0].GetString());
                if (schema.TryGetProperty("format", out var format))
                    return JsonValue.Create(format.GetString() == "uri" ? "https://csms.example.com/ocpp" : "2026-11-24T10:00:00.123Z");
                var max = (int)(Number(schema, "maxLength") ?? 20);
                return JsonValue.Create("ABCDEFGH"[..Math.Min(max, 8)]);
            case "integer":
                return JsonValue.Create((long)(Number(schema, "minimum") ?? 1));
            case "number":
                return JsonValue.Create(Number(schema, "minimum") ?? 0m);
            case "boolean":
                return JsonValue.Create(true);
            default:
                return JsonValue.Create("untyped");
        }
    }

    /// <summary>Each mutation alone, as a new copy of <paramref name="payload"/>.</summary>
    private static IEnumerable<JsonNode?> Mutations(JsonNode? payload, JsonElement schema, JsonElement root, int depth)
    {
        foreach (var (path, value, valueSchema) in Values(payload, schema, root, [], depth))
        {
            foreach (var replacement in Replacements(value, valueSchema, root))
                yield return Replace(payload, path, replacement);
            if (path.Count > 0 && path[^1] is string)
                yield return Replace(payload, path, Removed);
            if (TypeOf(valueSchema) == "object")
                yield return Replace(payload, [.. path, "unexpectedField"], JsonValue.Create("x"));
        }
    }

    private static readonly JsonNode Removed = JsonValue.Create("(removed)")!;

    /// <summary>Every value in the payload with its path (property names and array indexes) and its schema.</summary>
    private static IEnumerable<(List<object> Path, JsonNode? Value, JsonElement Schema)> Values(JsonNode? value, JsonElement schema, JsonElement root, List<object> path, int depth)
    {
        schema = Resolve(schema, root);
        yield return (path, value, schema);
        if (depth >= MaxDepth)
            yield break;
        if (value is JsonObject obj && schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (obj.ContainsKey(property.Name))
                {
                    foreach (var inner in Values(obj[property.Name], property.Value, root, [.. path, property.Name], depth + 1))
                        yield return inner;
                }
            }
        }
        else if (value is JsonArray { Count: > 0 } array && schema.TryGetProperty("items", out var items))
        {
            foreach (var inner in Values(array[0], items, root, [.. path, 0], depth + 1))
                yield return inner;
        }
    }

    private static IEnumerable<JsonNode?> Replacements(JsonNode? value, JsonElement schema, JsonElement root)
    {
        yield return JsonValue.Create("text");
        yield return JsonValue.Create(12);
        yield return JsonValue.Create(1.5);
        yield return JsonValue.Create(false);
        yield return new JsonObject();
        yield return new JsonArray();
        yield return null;
        if (Number(schema, "maxLength") is { } maxLength)
        {
            yield return JsonValue.Create(new string('x', (int)maxLength + 1));
            yield return JsonValue.Create(new string('x', (int)maxLength));
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            yield return JsonValue.Create("NotAValue");
            yield return JsonValue.Create(values[values.GetArrayLength() - 1].GetString()!.ToLowerInvariant());
        }

        if (schema.TryGetProperty("format", out _))
        {
            foreach (var text in new[] { "yesterday", "2026-11-24", "2026-11-24T10:00:00", "2026-11-24 10:00:00+01:00", "24/11/2026 10:00", "not a uri", "urn:x", "" })
                yield return JsonValue.Create(text);
        }

        foreach (var keyword in new[] { "minimum", "maximum" })
        {
            if (Number(schema, keyword) is { } limit)
            {
                yield return JsonValue.Create(limit - 1);
                yield return JsonValue.Create(limit + 1);
                yield return JsonValue.Create(limit);
                yield return JsonNode.Parse((limit - 0.5m).ToString(CultureInfo.InvariantCulture));
            }
        }

        if (Number(schema, "multipleOf") is { } step)
        {
            yield return JsonValue.Create(step * 3);
            yield return JsonValue.Create(step * 3 + step / 2);
            yield return JsonNode.Parse("1e3");
            yield return JsonNode.Parse("2.50");
        }

        if (TypeOf(schema) is "integer" or "number")
        {
            yield return JsonValue.Create(-1);
            yield return JsonNode.Parse("1.0");
            // beyond a long NJsonSchema throws (InvalidCastException on BigInteger): see Integers_beyond_long_are_judged_not_thrown
            yield return JsonNode.Parse("9007199254740993");
        }

        if (value is JsonArray array && array.Count > 0)
        {
            if (Number(schema, "maxItems") is { } maxItems)
                yield return new JsonArray(Enumerable.Range(0, (int)maxItems + 1).Select(_ => array[0]?.DeepClone()).ToArray());
            yield return new JsonArray();
            yield return new JsonArray(array[0]?.DeepClone(), JsonValue.Create("text"));
        }
    }

    private static JsonNode? Replace(JsonNode? payload, List<object> path, JsonNode? replacement)
    {
        if (path.Count == 0)
            return replacement?.DeepClone();
        var copy = payload!.DeepClone();
        var parent = copy;
        foreach (var step in path.Take(path.Count - 1))
            parent = step is string name ? parent![name] : parent![(int)step];
        switch (path[^1], parent)
        {
            case (string name, JsonObject obj) when ReferenceEquals(replacement, Removed):
                obj.Remove(name);
                break;
            case (string name, JsonObject obj):
                obj[name] = replacement?.DeepClone();
                break;
            case (int index, JsonArray array):
                array[index] = replacement?.DeepClone();
                break;
        }

        return copy;
    }

    private static IEnumerable<ValidationError> Leaves(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Values.Any(list => list.Count > 0))
            {
                foreach (var leaf in Leaves(child.Errors.Values.SelectMany(list => list)))
                    yield return leaf;
            }
            else
            {
                yield return error;
            }
        }
    }

    private static string PathOf(ValidationError error) => (error.Path ?? "#") switch
    {
        "#" or "#/" => "",
        var path when path.StartsWith("#/", StringComparison.Ordinal) => path[2..],
        var path => path,
    };
}
