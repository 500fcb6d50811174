namespace Roaming.Contracts.Ocpi.V1;

// Real-time authorization (request/response): Ingest asks the OCPI service whether a partner e-MSP allows a token at a
// charger, for tokens whose e-MSP forbids answering from a local copy (whitelist NEVER, or ALLOWED_OFFLINE while the
// e-MSP is reachable). The OCPI service calls POST {their tokens}/{uid}/authorize with LocationReferences. This is the one
// deliberate synchronous call on a charger's path; the requester bounds it with a timeout well below the charger's own.

/// <summary>Ask the e-MSP of (<paramref name="CountryCode"/>, <paramref name="PartyId"/>) about token <paramref name="Uid"/>.</summary>
/// <param name="Type">OCPI TokenType (RFID, APP_USER, ...).</param>
/// <param name="LocationId">The OCPI location of the charger; with <paramref name="EvseUids"/> it becomes LocationReferences.</param>
public sealed record AuthorizeTokenInRealTime(
    string CountryCode,
    string PartyId,
    string Uid,
    string Type,
    string? LocationId,
    IReadOnlyList<string> EvseUids,
    string ChargePointId);

/// <summary>The e-MSP's answer, or why there is none.</summary>
/// <param name="Outcome">One of <see cref="RealTimeAuthorizationOutcomes"/>.</param>
/// <param name="AuthorizationReference">The e-MSP's authorization_reference, to be echoed on the session and CDR.</param>
public sealed record TokenAuthorizedInRealTime(string Outcome, string? AuthorizationReference, string? Detail);

/// <summary>The outcomes of <see cref="TokenAuthorizedInRealTime"/>: OCPI AllowedType values, plus Unknown and Unreachable.</summary>
public static class RealTimeAuthorizationOutcomes
{
    public const string Allowed = "ALLOWED";
    public const string Blocked = "BLOCKED";
    public const string Expired = "EXPIRED";
    public const string NoCredit = "NO_CREDIT";
    public const string NotAllowed = "NOT_ALLOWED";
    /// <summary>The e-MSP does not know the token (HTTP 404 or status_code 2004).</summary>
    public const string Unknown = "UNKNOWN";
    /// <summary>No answer: no partner for that party, no tokens endpoint, a network error, a timeout or an unusable answer.</summary>
    public const string Unreachable = "UNREACHABLE";
}
