using System.Text.Json;
using System.Text.Json.Nodes;
using Roaming.Platform.Validation;

using Roaming.Platform.Wire;

namespace Roaming.Tokens.Tokens.Ocpi;

/// <summary>
/// OCPI PATCH on a Token (for example <c>{"valid": false, "last_updated": ...}</c> to invalidate it): the body holds
/// only the fields that change, so it stays JSON and is merged onto the current token's JSON, then read back.
/// Validate the result with <see cref="TokenValidation.Validate(Token)"/> as for a PUT.
/// </summary>
/// <remarks>
/// Merge rules (the same as for Locations): fields replace the current value whole; <c>last_updated</c> must be
/// present; a null value is refused (PATCH cannot remove information, use PUT); the identity (country_code,
/// party_id, uid, type) may be repeated, in any case, but not changed.
/// </remarks>
public static class TokenPatch
{
    private static readonly string[] IdentityFields = ["country_code", "party_id", "uid", "type"];

    public static Token? Apply(Token current, JsonElement patch, FieldErrors errors)
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
            else if (IdentityFields.Contains(field.Name) && !SameIdentity(merged[field.Name], field.Value))
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
        return OcpiJson.Deserialize<Token>(JsonSerializer.SerializeToElement(merged, OcpiJson.Options), errors);
    }

    // Identity fields are CiStrings (and "type" an enum text): "abc" repeats "ABC", it does not change it.
    private static bool SameIdentity(JsonNode? currentValue, JsonElement patchValue) =>
        patchValue.ValueKind == JsonValueKind.String
        && string.Equals(currentValue?.GetValue<string>(), patchValue.GetString(), StringComparison.OrdinalIgnoreCase);
}
