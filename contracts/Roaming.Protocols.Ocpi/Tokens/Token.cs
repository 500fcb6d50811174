using System.Text.Json.Serialization;
using NodaTime;


namespace Roaming.Protocols.Ocpi.Tokens;

/// <summary>
/// OCPI 2.2.1 Token object (mod_tokens), as pushed by an eMSP and cached by the CPO. Properties follow the spec's order.
/// A token is identified per eMSP by (<see cref="Uid"/>, <see cref="Type"/>), not by uid alone.
/// </summary>
/// <remarks>
/// Fields the spec requires are nullable here on purpose: a payload that lacks one must still deserialize, so that
/// <see cref="TokenValidation.Validate(Token)"/> can name every missing field in one 400 answer. Once the validator
/// reports no errors, every required field is non-null and every enum is known.
/// </remarks>
public sealed record Token
{
    /// <summary>CiString(2), ISO 3166-1 alpha-2 country of the eMSP that owns this token.</summary>
    [JsonPropertyName("country_code")] public string? CountryCode { get; init; }

    /// <summary>CiString(3), ISO 15118 party id of the owning eMSP.</summary>
    [JsonPropertyName("party_id")] public string? PartyId { get; init; }

    /// <summary>CiString(36): the RFID UID as read by the charger, or an id generated for an app user.</summary>
    [JsonPropertyName("uid")] public string? Uid { get; init; }

    [JsonPropertyName("type")] public OcpiEnum<TokenType>? Type { get; init; }

    /// <summary>CiString(36), the driver's contract (eMA ID style, such as DE8ACC12E46L89).</summary>
    [JsonPropertyName("contract_id")] public string? ContractId { get; init; }

    /// <summary>string(64), printed on the card.</summary>
    [JsonPropertyName("visual_number")] public string? VisualNumber { get; init; }

    /// <summary>string(64), the company printed on the card, not necessarily the eMSP.</summary>
    [JsonPropertyName("issuer")] public string? Issuer { get; init; }

    /// <summary>CiString(36); OCPP 1.6 parentIdTag holds 20 characters, so longer ids do not reach 1.6 chargers whole.</summary>
    [JsonPropertyName("group_id")] public string? GroupId { get; init; }

    /// <summary>False once the eMSP invalidated the token (tokens are never deleted).</summary>
    [JsonPropertyName("valid")] public bool? Valid { get; init; }

    [JsonPropertyName("whitelist")] public OcpiEnum<WhitelistType>? Whitelist { get; init; }

    /// <summary>string(2), ISO 639-1 language the driver prefers.</summary>
    [JsonPropertyName("language")] public string? Language { get; init; }

    [JsonPropertyName("default_profile_type")] public OcpiEnum<ProfileType>? DefaultProfileType { get; init; }

    [JsonPropertyName("energy_contract")] public EnergyContract? EnergyContract { get; init; }

    [JsonPropertyName("last_updated"), JsonConverter(typeof(OcpiDateTimeJsonConverter))]
    public Instant? LastUpdated { get; init; }
}

/// <summary>The driver's own energy supplier and contract, where a charger may use it.</summary>
public sealed record EnergyContract
{
    [JsonPropertyName("supplier_name")] public string? SupplierName { get; init; }

    [JsonPropertyName("contract_id")] public string? ContractId { get; init; }
}

/// <summary>
/// The eMSP's answer to a real-time authorization (<c>POST {tokens_url}/{uid}/authorize</c>).
/// An unknown token gets no AuthorizationInfo at all (HTTP 404 with status_code 2004).
/// </summary>
public sealed record AuthorizationInfo
{
    [JsonPropertyName("allowed")] public OcpiEnum<AllowedType>? Allowed { get; init; }

    /// <summary>The complete token the authorization is for.</summary>
    [JsonPropertyName("token")] public Token? Token { get; init; }

    /// <summary>Only the EVSEs the driver may use, when the request named a location.</summary>
    [JsonPropertyName("location")] public LocationReferences? Location { get; init; }

    /// <summary>CiString(36); the CPO must echo it in the Session and CDR.</summary>
    [JsonPropertyName("authorization_reference")] public string? AuthorizationReference { get; init; }

    [JsonPropertyName("info")] public DisplayText? Info { get; init; }
}

/// <summary>The location (and optionally EVSEs) a real-time authorization is asked for.</summary>
public sealed record LocationReferences
{
    [JsonPropertyName("location_id")] public string? LocationId { get; init; }

    [JsonPropertyName("evse_uids")] public IReadOnlyList<string>? EvseUids { get; init; }
}
