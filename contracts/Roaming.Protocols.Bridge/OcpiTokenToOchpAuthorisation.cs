using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Contracts.Tokens.V1;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi.Tokens;
using OcpiWhitelist = Roaming.Protocols.Ocpi.Tokens.WhitelistType;

namespace Roaming.Protocols.Bridge;

/// <summary>
/// One of our own e-MSP tokens (as Tokens' <see cref="TokenChanged"/> tells it, its contract id revealed) → an OCHP
/// <c>RoamingAuthorisationInfo</c> for our authorisation list (pure). OCPI has no expiry date, OCHP requires one: a token
/// chargers accept expires <paramref name="validFor"/> after <paramref name="now"/> (the list is uploaded again before
/// that), any other (invalid, blocked, expired) gets a date in the past, which is how OCHP revokes a token (there is no
/// delete). Only RFID cards go on the list: OCHP whitelists never carry remote tokens, and OCPI's app and ad-hoc users
/// start remotely. <c>printedNumber</c> stays out: Tokens does not publish the visual number.
/// An OCPI e-MSP's Token that reached the hub maps the same way (<see cref="Map(Token, Instant, Duration)"/>), with its
/// visual number as printed number; a token whose whitelist is NEVER (real-time authorization only, which OCHP's
/// clearing house cannot ask) is refused: an authorisation list entry would let chargers accept it offline.
/// </summary>
public static class OcpiTokenToOchpAuthorisation
{
    /// <summary>How far in the past the expiry of a revoked token lies.</summary>
    public static readonly Duration RevokedSince = Duration.FromDays(1);

    public static Bridged<RoamingAuthorisationInfo> Map(TokenChanged token, ProviderId ourProvider, Instant now, Duration validFor) =>
        Map(token.Uid, token.Type, token.ContractId, token.Valid && token.ChargerAuthorization == "Accepted", ourProvider, now, validFor);

    /// <param name="acceptedByChargers">valid, and chargers accept it (<c>TokenChanged.ChargerAuthorization</c> Accepted).</param>
    public static Bridged<RoamingAuthorisationInfo> Map(string uid, string type, string contractId, bool acceptedByChargers, ProviderId ourProvider,
        Instant now, Duration validFor)
    {
        var problems = new List<string>();
        if (type != "RFID")
            problems.Add($"type {type}: OCHP authorisation lists carry RFID cards only");
        if (uid is not { Length: >= 1 and <= 512 })
            problems.Add("uid must have 1 to 512 characters");
        if (!ContractId.TryParse(contractId, out var contract))
            problems.Add($"contract_id '{contractId}' is not a contract id (EMAID)");
        else if (contract.ProviderId != ourProvider)
            problems.Add($"contract_id '{contractId}' belongs to provider {contract.ProviderId}, not to ours ({ourProvider})");
        if (problems.Count > 0)
            return Bridged<RoamingAuthorisationInfo>.Refused(problems);

        return Bridged<RoamingAuthorisationInfo>.Of(new RoamingAuthorisationInfo
        {
            EmtId = new EmtId { Instance = uid, TokenType = TokenType.Rfid, Representation = TokenRepresentation.Plain },
            ContractId = contractId,
            ExpiryDate = DateTimeType.From(acceptedByChargers ? now + validFor : now - RevokedSince),
        });
    }

    /// <summary>An OCPI e-MSP's token (holder fields in clear) → its entry in the e-MSP's authorisation list for OCHP operators.</summary>
    public static Bridged<RoamingAuthorisationInfo> Map(Token token, Instant now, Duration validFor)
    {
        if (!ProviderId.TryParse($"{token.CountryCode}*{token.PartyId}", out var provider))
            return Bridged<RoamingAuthorisationInfo>.Refused([$"country_code/party_id '{token.CountryCode}'/'{token.PartyId}' is not a party"]);
        var problems = new List<string>();
        if (token.Whitelist is { } whitelist && whitelist.TryGetValue(out var value) && value == OcpiWhitelist.Never)
            problems.Add("whitelist NEVER: the token needs real-time authorization, which an OCHP authorisation list cannot carry");
        var mapped = Map(token.Uid ?? "", token.Type?.Text ?? "", token.ContractId ?? "", token.Valid == true, provider, now, validFor);
        problems.AddRange(mapped.Problems);
        if (problems.Count > 0)
            return Bridged<RoamingAuthorisationInfo>.Refused(problems);
        var info = mapped.Value!;
        info.PrintedNumber = token.VisualNumber is { Length: >= 1 and <= 150 } printed ? printed : null;
        return Bridged<RoamingAuthorisationInfo>.Of(info);
    }
}
