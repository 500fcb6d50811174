using System.Text.Json;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Validation;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.HubClientInfo;
using Roaming.Contracts.Validation;

namespace Roaming.Ocpi.Credentials;

/// <summary>Reads and checks a Credentials object a partner sends us (credentials 7.x).</summary>
public static class CredentialsRules
{
    public static OcpiCredentials? Read(JsonElement body, FieldErrors errors)
    {
        var credentials = OcpiJson.Deserialize<OcpiCredentials>(body, errors);
        if (credentials is null)
            return null;
        if (!AuthorizationToken.IsValidToken(credentials.Token))
            errors.Add("token", "must be 1 to 64 printable non-whitespace ASCII characters");
        errors.Url("url", credentials.Url, required: true);
        if (credentials.Roles is null || credentials.Roles.Count == 0)
            errors.Add("roles", "must hold at least one role");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (credentials.Roles?.Count ?? 0); i++)
        {
            var role = credentials.Roles![i];
            var path = FieldErrors.Index("roles", i);
            errors.OneOf(FieldErrors.Path(path, "role"), role.Role, OcpiEnumTexts<Role>.All);
            errors.CiString(FieldErrors.Path(path, "country_code"), role.CountryCode, 2, required: true);
            errors.CiString(FieldErrors.Path(path, "party_id"), role.PartyId, 3, required: true);
            errors.Text(FieldErrors.Path(path, "business_details.name"), role.BusinessDetails?.Name, 100, required: true);
            if (!seen.Add($"{role.Role}/{role.CountryCode}/{role.PartyId}"))
                errors.Add(path, "repeats a (role, country_code, party_id) combination");
        }
        return errors.IsValid ? credentials : null;
    }

    public static string Describe(FieldErrors errors) =>
        string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
}
