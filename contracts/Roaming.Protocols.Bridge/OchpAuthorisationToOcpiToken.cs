using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Tokens;
using OcpiTokenType = Roaming.Protocols.Ocpi.TokenType;
using OchpTokenType = Roaming.Protocols.Ochp.TokenType;

namespace Roaming.Protocols.Bridge;

/// <summary>
/// An OCHP roaming authorisation (whitelist entry of an e-MSP) → the OCPI 2.2.1 Token our chargers are answered from
/// (pure): RFID uid = the EMT-ID instance, the contract id, issuer and party of the contract's provider, whitelist
/// ALLOWED, valid while the expiry date is in the future (an expired entry is a token no longer valid, not a deletion).
/// Entries a charger cannot match are refused: hashed EMT-IDs (a charger reads the plain UID), remote tokens (never
/// whitelisted, OCHP §tokens), instances longer than OCPI's 36 characters, and contract ids that are no EMAID.
/// </summary>
public static class OchpAuthorisationToOcpiToken
{
    public static Bridged<Token> Map(RoamingAuthorisationInfo authorisation, Instant now)
    {
        var problems = new List<string>();
        var emt = authorisation.EmtId;
        if (emt.Representation != TokenRepresentation.Plain)
            problems.Add($"EMT-ID {emt.Instance} is hashed ({emt.Representation}): a charger reads the plain UID");
        if (emt.TokenType == OchpTokenType.Remote)
            problems.Add($"EMT-ID {emt.Instance} is a remote token, which is never whitelisted");
        if (emt.Instance.Length is 0 or > 36)
            problems.Add($"EMT-ID instance '{emt.Instance}' does not fit an OCPI uid (1 to 36 characters)");
        if (!ContractId.TryParse(authorisation.ContractId, out var contract))
            problems.Add($"contract id '{authorisation.ContractId}' is not an EMAID");
        Instant? expiry = DateTimeType.TryParse(authorisation.ExpiryDate.DateTime, out var parsed) ? parsed : null;
        if (expiry is null)
            problems.Add($"expiryDate '{authorisation.ExpiryDate.DateTime}' is not an OCHP DateTime");
        if (problems.Count > 0)
            return Bridged<Token>.Refused(problems);

        var provider = contract.ProviderId;
        return Bridged<Token>.Of(new Token
        {
            CountryCode = provider.Country,
            PartyId = provider.Party,
            Uid = emt.Instance,
            Type = emt.TokenType == OchpTokenType.Rfid ? OcpiTokenType.Rfid : OcpiTokenType.Other,
            ContractId = authorisation.ContractId,
            VisualNumber = authorisation.PrintedNumber is { Length: > 0 and <= 64 } printed ? printed : null,
            Issuer = provider.ToString(),
            Valid = expiry!.Value > now,
            Whitelist = WhitelistType.Allowed,
            LastUpdated = now,
        });
    }
}
