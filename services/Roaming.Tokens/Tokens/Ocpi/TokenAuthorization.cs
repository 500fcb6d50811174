using System.Text.Json.Serialization;
using Roaming.Protocols.Ocpi.Tokens;

namespace Roaming.Tokens.Tokens.Ocpi;

/// <summary>
/// What a charger is told about a token, as OCPP 1.6 <c>idTagInfo.status</c> (the names are OCPP's, and are the
/// values of <c>TokenChanged.ChargerAuthorization</c>). ConcurrentTx is not here: only the Charging service knows
/// whether the token is already charging.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChargerAuthorizationStatus>))]
public enum ChargerAuthorizationStatus
{
    Accepted,
    Blocked,
    Expired,
    Invalid,
}

/// <summary>Whether the eMSP should be asked in real time (<c>POST {tokens_url}/{uid}/authorize</c>) before answering.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RealTimeAuthorization>))]
public enum RealTimeAuthorization
{
    /// <summary>Answer from the local copy: the eMSP forbids real-time checks (ALWAYS), or there is no token to ask about.</summary>
    NotUsed,

    /// <summary>The eMSP allows either (ALLOWED); we answer from the local copy.</summary>
    Optional,

    /// <summary>Ask the eMSP; give <see cref="AuthorizationDecision.Status"/> only if it cannot be reached (ALLOWED_OFFLINE, NEVER).</summary>
    Required,
}

/// <param name="Status">The answer to give without a real-time call: now, while Roaming has no real-time path, and
/// later whenever the eMSP cannot be reached.</param>
/// <param name="RealTime">Whether a real-time call should come first, once that path exists.</param>
/// <param name="Reason">Why, in words for logs and the admin API.</param>
public sealed record AuthorizationDecision(ChargerAuthorizationStatus Status, RealTimeAuthorization RealTime, string Reason);

/// <summary>
/// The local authorization rules for a charger presenting a token (OCPP Authorize / StartTransaction), from the
/// eMSP's cached Token and its whitelist type. Pure: no clock, no I/O.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item>no token: Invalid, real-time NotUsed (an RFID uid alone does not say which eMSP to ask).</item>
/// <item>ALWAYS: Accepted if valid else Blocked; real-time NotUsed (the spec forbids it).</item>
/// <item>ALLOWED: Accepted if valid else Blocked; real-time Optional (the CPO may choose; we choose the local copy).</item>
/// <item>ALLOWED_OFFLINE: real-time Required; if the eMSP cannot be reached, Accepted if valid else Blocked. The spec says
/// "allow this Token" when offline; we still refuse one the eMSP has invalidated.</item>
/// <item>NEVER: real-time Required; Invalid without it, valid or not (valid=false does not replace the real-time
/// check, spec issue #468).</item>
/// <item>A whitelist value we do not know is treated as NEVER, the safe side.</item>
/// </list>
/// OCPI has no token expiry date, so a token alone never gives Expired; only the eMSP's real-time answer can
/// (<see cref="DecideFromRealTime"/>). A token with valid=false is answered Blocked: the eMSP withdrew it.
/// </remarks>
public static class TokenAuthorization
{
    public static AuthorizationDecision Decide(Token? token)
    {
        if (token is null)
            return new(ChargerAuthorizationStatus.Invalid, RealTimeAuthorization.NotUsed, "unknown token");
        var valid = token.Valid == true;
        var whitelist = token.Whitelist is { } text && text.TryGetValue(out var known) ? known : WhitelistType.Never;
        return whitelist switch
        {
            WhitelistType.Always => FromCopy(valid, RealTimeAuthorization.NotUsed, "whitelist ALWAYS"),
            WhitelistType.Allowed => FromCopy(valid, RealTimeAuthorization.Optional, "whitelist ALLOWED, answered from the local copy"),
            WhitelistType.AllowedOffline => FromCopy(valid, RealTimeAuthorization.Required, "whitelist ALLOWED_OFFLINE, answer when the eMSP cannot be reached"),
            _ => new(ChargerAuthorizationStatus.Invalid, RealTimeAuthorization.Required,
                "whitelist NEVER (or unknown): only the eMSP can authorize, in real time"),
        };
    }

    /// <summary>
    /// Maps the eMSP's real-time answer to what the charger is told. Null means the eMSP does not know the token
    /// (HTTP 404 / status_code 2004). OCPP 1.6 has no NoCredit or NotAtThisLocation (2.0.1 has), so NO_CREDIT maps
    /// to Blocked (the account may not charge) and NOT_ALLOWED to Invalid (not valid here).
    /// </summary>
    public static AuthorizationDecision DecideFromRealTime(AuthorizationInfo? info)
    {
        if (info is null)
            return new(ChargerAuthorizationStatus.Invalid, RealTimeAuthorization.Required, "the eMSP does not know the token");
        if (info.Allowed is not { } allowed || !allowed.TryGetValue(out var answer))
            return new(ChargerAuthorizationStatus.Invalid, RealTimeAuthorization.Required,
                $"the eMSP answered '{info.Allowed?.Text}', which OCPI 2.2.1 does not define");
        var status = answer switch
        {
            AllowedType.Allowed => ChargerAuthorizationStatus.Accepted,
            AllowedType.Blocked or AllowedType.NoCredit => ChargerAuthorizationStatus.Blocked,
            AllowedType.Expired => ChargerAuthorizationStatus.Expired,
            _ => ChargerAuthorizationStatus.Invalid,
        };
        return new(status, RealTimeAuthorization.Required, $"the eMSP answered {allowed.Text}");
    }

    private static AuthorizationDecision FromCopy(bool valid, RealTimeAuthorization realTime, string rule) => valid
        ? new(ChargerAuthorizationStatus.Accepted, realTime, $"{rule}: token valid")
        : new(ChargerAuthorizationStatus.Blocked, realTime, $"{rule}: token invalidated by the eMSP");
}
