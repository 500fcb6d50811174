using NodaTime;

namespace Roaming.Contracts.Tokens.V1;

/// <summary>A token (own or a partner e-MSP's) was created or changed; chargers are answered from local copies of it.</summary>
/// <param name="ChargerAuthorization">What a charger asking about this token is told without a real-time call
/// (OCPP idTagInfo status: Accepted, Blocked, Expired, Invalid), decided by the Tokens service from validity and whitelist.</param>
public sealed record TokenChanged(
    string CountryCode,
    string PartyId,
    string Uid,
    string Type,
    string ContractId,
    string Issuer,
    string? GroupId,
    bool Valid,
    string Whitelist,
    string ChargerAuthorization,
    Instant LastUpdated);
