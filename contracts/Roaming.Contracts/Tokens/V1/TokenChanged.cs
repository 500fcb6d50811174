using NodaTime;

namespace Roaming.Contracts.Tokens.V1;

/// <summary>A token (own or a partner e-MSP's) was created or changed; chargers are answered from local copies of it.</summary>
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
    Instant LastUpdated);
