using System.Text.Json;
using System.Text.Json.Nodes;
using Roaming.Contracts.Validation;

namespace Roaming.Protocols.Ocpi;

/// <summary>
/// OCPI PATCH of any object: the body holds only the fields that change. Typed models cannot tell an absent field
/// from a null one, so the patch stays JSON and is merged onto the current object's JSON, then read back into the
/// model. Validate the result as for a PUT.
/// </summary>
/// <remarks>
/// Merge rules: top-level fields replace the current value whole (a patched list or object is not merged element by
/// element); <c>last_updated</c> must be present (spec: any PATCH SHALL contain it); a null value is refused, because
/// PATCH cannot remove information (use PUT); the identity fields may be repeated (case-insensitively: they are
/// CiStrings or enum texts) but not changed.
/// </remarks>
public static class OcpiPatch
{
    public static T? Merge<T>(T current, JsonElement patch, IReadOnlyCollection<string> identityFields, FieldErrors errors)
        where T : class
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            errors.Add(OcpiJson.DocumentPath, "must be a JSON object");
            return null;
        }
        var merged = JsonSerializer.SerializeToNode(current, OcpiJson.Options)!.AsObject();
        var refused = !patch.TryGetProperty("last_updated", out _);
        if (refused)
            errors.Add("last_updated", "is required in a PATCH");
        foreach (var field in patch.EnumerateObject())
        {
            if (field.Value.ValueKind == JsonValueKind.Null)
            {
                errors.Add(field.Name, "cannot be null in a PATCH; a PATCH cannot remove information, use PUT");
                refused = true;
            }
            else if (identityFields.Contains(field.Name) && !SameIdentity(merged[field.Name], field.Value))
            {
                errors.Add(field.Name, "cannot be changed");
                refused = true;
            }
            else
            {
                merged[field.Name] = JsonNode.Parse(field.Value.GetRawText());
            }
        }
        if (refused)
            return null;
        return OcpiJson.Deserialize<T>(JsonSerializer.SerializeToElement(merged, OcpiJson.Options), errors);
    }

    private static bool SameIdentity(JsonNode? currentValue, JsonElement patchValue) =>
        patchValue.ValueKind == JsonValueKind.String
        && string.Equals(currentValue?.GetValue<string>(), patchValue.GetString(), StringComparison.OrdinalIgnoreCase);
}
