using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using static Roaming.Contracts.Validation.FieldErrors;
using Roaming.Contracts.Validation;

namespace Roaming.Protocols.Ocpi.Tokens;

/// <summary>
/// Checks an OCPI 2.2.1 Token, AuthorizationInfo or LocationReferences field by field against mod_tokens and reports
/// every problem with its JSON path (for example <c>energy_contract.supplier_name</c>). An object with no errors has
/// all required fields set and only known enum values, so code may read <see cref="OcpiEnum{TEnum}.Value"/> safely.
/// </summary>
/// <remarks>
/// Not errors, although the spec advises against them: APP_USER / AD_HOC_USER tokens pushed with a whitelist other
/// than NEVER, and group ids longer than the 20 characters OCPP 1.6 can carry.
/// </remarks>
public static class TokenValidation
{
    /// <summary>Reads and validates a Token body in one call, for an endpoint (PUT of a token).</summary>
    public static bool TryRead(string json, [NotNullWhen(true)] out Token? token, out FieldErrors errors) =>
        OcpiJson.TryRead(json, Validate, out token, out errors);

    public static bool TryRead(JsonElement json, [NotNullWhen(true)] out Token? token, out FieldErrors errors) =>
        OcpiJson.TryRead(json, Validate, out token, out errors);

    /// <summary>Reads and validates an eMSP's real-time authorization answer.</summary>
    public static bool TryReadAuthorizationInfo(string json, [NotNullWhen(true)] out AuthorizationInfo? info, out FieldErrors errors) =>
        OcpiJson.TryRead(json, ValidateAuthorizationInfo, out info, out errors);

    /// <summary>Reads and validates the optional body of a real-time authorization request.</summary>
    public static bool TryReadLocationReferences(string json, [NotNullWhen(true)] out LocationReferences? references, out FieldErrors errors) =>
        OcpiJson.TryRead(json, ValidateLocationReferences, out references, out errors);

    public static FieldErrors Validate(Token token)
    {
        var errors = new FieldErrors();
        CheckToken(errors, token, "");
        return errors;
    }

    public static FieldErrors ValidateAuthorizationInfo(AuthorizationInfo info)
    {
        var errors = new FieldErrors();
        errors.KnownEnum("allowed", info.Allowed, required: true);
        errors.Required("token", info.Token);
        if (info.Token is { } token)
            CheckToken(errors, token, "token");
        if (info.Location is { } location)
            CheckLocationReferences(errors, location, "location");
        errors.CiString("authorization_reference", info.AuthorizationReference, 36, required: false);
        if (info.Info is { } text)
            errors.DisplayText("info", text);
        return errors;
    }

    public static FieldErrors ValidateLocationReferences(LocationReferences references)
    {
        var errors = new FieldErrors();
        CheckLocationReferences(errors, references, "");
        return errors;
    }

    private static void CheckToken(FieldErrors errors, Token token, string path)
    {
        errors.CountryCode(Path(path, "country_code"), token.CountryCode);
        errors.PartyId(Path(path, "party_id"), token.PartyId);
        errors.CiString(Path(path, "uid"), token.Uid, 36, required: true);
        errors.KnownEnum(Path(path, "type"), token.Type, required: true);
        errors.CiString(Path(path, "contract_id"), token.ContractId, 36, required: true);
        errors.Text(Path(path, "visual_number"), token.VisualNumber, 64, required: false);
        errors.Text(Path(path, "issuer"), token.Issuer, 64, required: true);
        errors.CiString(Path(path, "group_id"), token.GroupId, 36, required: false);
        errors.Required(Path(path, "valid"), token.Valid);
        errors.KnownEnum(Path(path, "whitelist"), token.Whitelist, required: true);
        errors.Language(Path(path, "language"), token.Language, required: false);
        errors.KnownEnum(Path(path, "default_profile_type"), token.DefaultProfileType, required: false);
        if (token.EnergyContract is { } energyContract)
        {
            var energyContractPath = Path(path, "energy_contract");
            errors.Text(Path(energyContractPath, "supplier_name"), energyContract.SupplierName, 64, required: true);
            errors.Text(Path(energyContractPath, "contract_id"), energyContract.ContractId, 64, required: false);
        }
        errors.Required(Path(path, "last_updated"), token.LastUpdated);
    }

    private static void CheckLocationReferences(FieldErrors errors, LocationReferences references, string path)
    {
        errors.CiString(Path(path, "location_id"), references.LocationId, 36, required: true);
        errors.Each(Path(path, "evse_uids"), references.EvseUids, (evseUid, evseUidPath) =>
            errors.CiString(evseUidPath, evseUid, 36, required: true));
    }
}
