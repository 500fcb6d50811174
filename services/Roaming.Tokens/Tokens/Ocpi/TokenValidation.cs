using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.RegularExpressions;
using Roaming.Platform.Validation;
using static Roaming.Platform.Validation.FieldErrors;

using Roaming.Platform.Wire;

namespace Roaming.Tokens.Tokens.Ocpi;

/// <summary>
/// Checks an OCPI 2.2.1 Token, AuthorizationInfo or LocationReferences field by field against mod_tokens and reports
/// every problem with its JSON path (for example <c>energy_contract.supplier_name</c>). An object with no errors has
/// all required fields set and only known enum values, so code may read <see cref="OcpiEnum{TEnum}.Value"/> safely.
/// </summary>
/// <remarks>
/// Not errors, although the spec advises against them: APP_USER / AD_HOC_USER tokens pushed with a whitelist other
/// than NEVER, and group ids longer than the 20 characters OCPP 1.6 can carry.
/// </remarks>
public static partial class TokenValidation
{
    /// <summary>Reads and validates a Token body in one call, for an endpoint (PUT of a token).</summary>
    public static bool TryRead(string json, [NotNullWhen(true)] out Token? token, out FieldErrors errors)
    {
        var readErrors = new FieldErrors();
        return Checked(OcpiJson.Deserialize<Token>(json, readErrors), readErrors, Validate, out token, out errors);
    }

    public static bool TryRead(JsonElement json, [NotNullWhen(true)] out Token? token, out FieldErrors errors)
    {
        var readErrors = new FieldErrors();
        return Checked(OcpiJson.Deserialize<Token>(json, readErrors), readErrors, Validate, out token, out errors);
    }

    /// <summary>Reads and validates an eMSP's real-time authorization answer.</summary>
    public static bool TryReadAuthorizationInfo(string json, [NotNullWhen(true)] out AuthorizationInfo? info, out FieldErrors errors)
    {
        var readErrors = new FieldErrors();
        return Checked(OcpiJson.Deserialize<AuthorizationInfo>(json, readErrors), readErrors, ValidateAuthorizationInfo, out info, out errors);
    }

    /// <summary>Reads and validates the optional body of a real-time authorization request.</summary>
    public static bool TryReadLocationReferences(string json, [NotNullWhen(true)] out LocationReferences? references, out FieldErrors errors)
    {
        var readErrors = new FieldErrors();
        return Checked(OcpiJson.Deserialize<LocationReferences>(json, readErrors), readErrors, ValidateLocationReferences, out references, out errors);
    }

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
            CheckDisplayText(errors, text, "info");
        return errors;
    }

    public static FieldErrors ValidateLocationReferences(LocationReferences references)
    {
        var errors = new FieldErrors();
        CheckLocationReferences(errors, references, "");
        return errors;
    }

    private static bool Checked<T>(T? read, FieldErrors readErrors, Func<T, FieldErrors> validate, [NotNullWhen(true)] out T? value, out FieldErrors errors)
        where T : class
    {
        errors = read is null ? readErrors : validate(read);
        value = errors.IsValid ? read : null;
        return value is not null;
    }

    private static void CheckToken(FieldErrors errors, Token token, string path)
    {
        var countryCodePath = Path(path, "country_code");
        errors.CiString(countryCodePath, token.CountryCode, 2, required: true);
        if (token.CountryCode is { Length: > 0 } countryCode && !Iso3166Countries.IsAlpha2(countryCode.ToUpperInvariant()))
            errors.Add(countryCodePath, "must be an ISO 3166-1 alpha-2 code such as NL");
        var partyIdPath = Path(path, "party_id");
        errors.CiString(partyIdPath, token.PartyId, 3, required: true);
        if (token.PartyId is { Length: > 0 } partyId && !PartyIdFormat().IsMatch(partyId))
            errors.Add(partyIdPath, "must be 3 letters or digits (ISO 15118 party id)");
        errors.CiString(Path(path, "uid"), token.Uid, 36, required: true);
        errors.KnownEnum(Path(path, "type"), token.Type, required: true);
        errors.CiString(Path(path, "contract_id"), token.ContractId, 36, required: true);
        errors.Text(Path(path, "visual_number"), token.VisualNumber, 64, required: false);
        errors.Text(Path(path, "issuer"), token.Issuer, 64, required: true);
        errors.CiString(Path(path, "group_id"), token.GroupId, 36, required: false);
        errors.Required(Path(path, "valid"), token.Valid);
        errors.KnownEnum(Path(path, "whitelist"), token.Whitelist, required: true);
        if (token.Language is { Length: > 0 } language && !LanguageFormat().IsMatch(language))
            errors.Add(Path(path, "language"), "must be a two-letter ISO 639-1 language code such as en");
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

    private static void CheckDisplayText(FieldErrors errors, DisplayText text, string path)
    {
        errors.Required(Path(path, "language"), text.Language);
        if (text.Language is { Length: > 0 } language && !LanguageFormat().IsMatch(language))
            errors.Add(Path(path, "language"), "must be a two-letter ISO 639-1 language code such as en");
        errors.Text(Path(path, "text"), text.Text, 512, required: true);
    }

    [GeneratedRegex(@"^[A-Za-z0-9]{3}\z")]
    private static partial Regex PartyIdFormat();

    [GeneratedRegex(@"^[A-Za-z]{2}\z")]
    private static partial Regex LanguageFormat();
}
