using System.Text.Json;
using System.Text.Json.Nodes;
using Roaming.Contracts.Validation;


namespace Roaming.Protocols.Ocpi.Tokens;

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

    public static Token? Apply(Token current, JsonElement patch, FieldErrors errors) =>
        OcpiPatch.Merge(current, patch, IdentityFields, errors);
}
