using System.Text.Json;
using System.Text.RegularExpressions;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Validation;

namespace Roaming.Ocpi.Objects;

/// <summary>
/// A small declarative schema over <see cref="JsonElement"/> for the objects partners push to us: required fields,
/// JSON types, lengths, OCPI DateTime and enum values. Every broken field is reported by path; unknown fields are
/// ignored (ocpi.md 2.4). Partial mode checks only the fields present (PATCH).
/// </summary>
public abstract record JsonRule(string Name, bool Required)
{
    public abstract void Check(JsonElement value, string path, FieldErrors errors);

    public static void CheckObject(JsonElement value, IReadOnlyList<JsonRule> fields, string path, FieldErrors errors, bool partial = false)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path.Length == 0 ? "$" : path, "must be a JSON object");
            return;
        }
        foreach (var field in fields)
        {
            var fieldPath = FieldErrors.Path(path, field.Name);
            if (!value.TryGetProperty(field.Name, out var child) || child.ValueKind == JsonValueKind.Null)
            {
                if (field.Required && !partial)
                    errors.Add(fieldPath, "is required");
                continue;
            }
            field.Check(child, fieldPath, errors);
        }
    }
}

public sealed record Str(string Name, int MaxLength, bool Required = true) : JsonRule(Name, Required)
{
    public override void Check(JsonElement value, string path, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.String)
            errors.Add(path, "must be a string");
        else if (value.GetString()!.Length > MaxLength)
            errors.Add(path, $"must be at most {MaxLength} characters");
        else if (Required && value.GetString()!.Length == 0)
            errors.Add(path, "must not be empty");
        else if (value.GetString()!.Any(char.IsControl))
            errors.Add(path, "must not contain control characters");
    }
}

public sealed partial record Pattern(string Name, string Expression, bool Required = true) : JsonRule(Name, Required)
{
    public override void Check(JsonElement value, string path, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.String || !Regex.IsMatch(value.GetString()!, "^" + Expression + "$"))
            errors.Add(path, $"must be a string matching {Expression}");
    }
}

public sealed record OneOf(string Name, IReadOnlyCollection<string> Values, bool Required = true) : JsonRule(Name, Required)
{
    public override void Check(JsonElement value, string path, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.String || !Values.Contains(value.GetString()!))
            errors.Add(path, $"must be one of {string.Join(", ", Values)}");
    }
}

public sealed record DateTimeRule(string Name, bool Required = true) : JsonRule(Name, Required)
{
    public override void Check(JsonElement value, string path, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.String || OcpiDateTime.TryParse(value.GetString()) is null)
            errors.Add(path, "must be an OCPI DateTime in UTC (2015-06-29T20:39:09Z)");
    }
}

public sealed record Number(string Name, bool Required = true, bool Whole = false) : JsonRule(Name, Required)
{
    public override void Check(JsonElement value, string path, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Number)
            errors.Add(path, Whole ? "must be a whole number" : "must be a number");
        else if (Whole && !value.TryGetInt64(out _))
            errors.Add(path, "must be a whole number");
    }
}

public sealed record Flag(string Name, bool Required = true) : JsonRule(Name, Required)
{
    public override void Check(JsonElement value, string path, FieldErrors errors)
    {
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            errors.Add(path, "must be true or false");
    }
}

public sealed record Obj(string Name, IReadOnlyList<JsonRule> Fields, bool Required = true) : JsonRule(Name, Required)
{
    public override void Check(JsonElement value, string path, FieldErrors errors) => CheckObject(value, Fields, path, errors);
}

/// <summary>An array; <see cref="Item"/> checks each element under the name <c>[i]</c>.</summary>
public sealed record Many(string Name, JsonRule? Item, bool Required = true, int MinItems = 0) : JsonRule(Name, Required)
{
    public override void Check(JsonElement value, string path, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, "must be an array");
            return;
        }
        if (value.GetArrayLength() < MinItems)
            errors.Add(path, $"must hold at least {MinItems} item(s)");
        if (Item is null)
            return;
        var index = 0;
        foreach (var element in value.EnumerateArray())
            Item.Check(element, FieldErrors.Index(path, index++), errors);
    }
}
