using System.Text.Json.Serialization;

namespace Roaming.Protocols.Ocpi.Tokens;

// The enums of the OCPI 2.2.1 Tokens module (and ProfileType from Sessions, used by Token.default_profile_type).
// Each member carries its exact wire text, which is also the list the validator accepts.

/// <summary>Whether the CPO may answer from its copy of the token, or must ask the eMSP in real time.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WhitelistType>))]
public enum WhitelistType
{
    /// <summary>Answer from the copy only; real-time authorization is not allowed.</summary>
    [JsonStringEnumMemberName("ALWAYS")] Always,

    /// <summary>The CPO may choose between the copy and real-time authorization.</summary>
    [JsonStringEnumMemberName("ALLOWED")] Allowed,

    /// <summary>Ask in real time; allow the token when the eMSP cannot be reached.</summary>
    [JsonStringEnumMemberName("ALLOWED_OFFLINE")] AllowedOffline,

    /// <summary>Ask in real time, always.</summary>
    [JsonStringEnumMemberName("NEVER")] Never,
}

[JsonConverter(typeof(JsonStringEnumConverter<ProfileType>))]
public enum ProfileType
{
    [JsonStringEnumMemberName("CHEAP")] Cheap,
    [JsonStringEnumMemberName("FAST")] Fast,
    [JsonStringEnumMemberName("GREEN")] Green,
    [JsonStringEnumMemberName("REGULAR")] Regular,
}

/// <summary>OCPI <c>Allowed</c>: the eMSP's real-time answer in <see cref="AuthorizationInfo"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AllowedType>))]
public enum AllowedType
{
    [JsonStringEnumMemberName("ALLOWED")] Allowed,
    [JsonStringEnumMemberName("BLOCKED")] Blocked,
    [JsonStringEnumMemberName("EXPIRED")] Expired,

    /// <summary>The account has too little credit to charge at this location.</summary>
    [JsonStringEnumMemberName("NO_CREDIT")] NoCredit,

    /// <summary>The token is valid but may not charge at this location.</summary>
    [JsonStringEnumMemberName("NOT_ALLOWED")] NotAllowed,
}
