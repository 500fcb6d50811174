using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Ingest.ChargePoints;

namespace Roaming.Ingest.Authorizing;

/// <summary>What a charger is told about an idTag (OCPP 1.6 idTagInfo status words) and how it was decided (OCPI auth_method).</summary>
/// <param name="AuthMethod">One of <see cref="AuthorizationMethods"/>.</param>
/// <param name="AuthorizationReference">The e-MSP's reference, from its real-time answer or its command.</param>
public sealed record ChargerAnswer(string Status, string AuthMethod, string? AuthorizationReference)
{
    public static ChargerAnswer Local(string status) => new(status, AuthorizationMethods.Whitelist, null);
}

/// <summary>The next step of authorizing an idTag: an answer, or a question to the token's e-MSP first.</summary>
public sealed record AuthorizationStep(ChargerAnswer? Answer, AuthorizeTokenInRealTime? Question, KnownToken? Token);

/// <summary>
/// The authorization rules for a charger presenting an idTag. Pure: no clock, no I/O.
/// <list type="number">
/// <item>The charger was just asked to start (START_SESSION), or it starts on a reservation we made (RESERVE_NOW), for
/// this idTag: the e-MSP vouched for it and OCPI forbids re-validating it (ocpi.md 4.6): Accepted, COMMAND, with the
/// command's authorization_reference. A token whose local copy refuses it (the e-MSP blocked it) stays refused.</item>
/// <item>The e-MSP answered in real time for this idTag at this charger moments ago: that answer (AUTH_REQUEST), so an
/// Authorize followed by StartTransaction asks once.</item>
/// <item>No local copy: Invalid.</item>
/// <item>Whitelist NEVER or ALLOWED_OFFLINE: ask the e-MSP (<see cref="FromEmsp"/> decides on its answer).</item>
/// <item>Otherwise (ALWAYS, ALLOWED): the local copy, WHITELIST.</item>
/// </list>
/// </summary>
public static class ChargerAuthorization
{
    /// <summary>How long an e-MSP's real-time answer stands for the same idTag at the same charger.</summary>
    public static readonly Duration RealTimeAnswerValidity = Duration.FromMinutes(5);

    /// <summary>OCPP idTagInfo status for an idTag from the local copy alone; unknown tokens are Invalid.</summary>
    public static string StatusOf(KnownToken? token) => token?.ChargerAuthorization ?? "Invalid";

    /// <summary>The status without real-time authorization (see <see cref="Decide"/>): for answers that must not wait, such as a stop.</summary>
    public static string StatusOf(KnownToken? token, ChargePoint chargePoint, string idTag, Instant now)
    {
        var step = Decide(token, chargePoint, idTag, now);
        return step.Answer?.Status ?? FromEmsp(step.Token!, new TokenAuthorizedInRealTime(RealTimeAuthorizationOutcomes.Unreachable, null, "not asked")).Status;
    }

    public static AuthorizationStep Decide(KnownToken? token, ChargePoint chargePoint, string idTag, Instant now, int? reservationId = null)
    {
        if (chargePoint.CommandFor(idTag, now, reservationId) is { } command)
        {
            var status = token is null || token.RequiresRealTime ? "Accepted" : token.ChargerAuthorization;
            return Answered(new ChargerAnswer(status, AuthorizationMethods.Command, command.AuthorizationReference));
        }
        if (chargePoint.RecentEmspAnswerFor(idTag, now) is { } recent)
            return Answered(new ChargerAnswer(recent.Status, AuthorizationMethods.AuthRequest, recent.AuthorizationReference));
        if (token is null)
            return Answered(ChargerAnswer.Local("Invalid"));
        if (token.RequiresRealTime)
            return new AuthorizationStep(null, Question(token, chargePoint), token);
        return Answered(ChargerAnswer.Local(token.ChargerAuthorization));
    }

    /// <summary>
    /// The charger's answer from the e-MSP's: OCPI AllowedType in OCPP words (OCPP 1.6 has no NoCredit or NotAllowed:
    /// NO_CREDIT is Blocked, NOT_ALLOWED and an unknown token Invalid). Unreachable: ALLOWED_OFFLINE falls back to the
    /// local copy, NEVER refuses (only the e-MSP may allow such a token).
    /// </summary>
    public static ChargerAnswer FromEmsp(KnownToken token, TokenAuthorizedInRealTime answer) => answer.Outcome switch
    {
        RealTimeAuthorizationOutcomes.Unreachable => token.Whitelist == "ALLOWED_OFFLINE" ? ChargerAnswer.Local(token.ChargerAuthorization) : ChargerAnswer.Local("Invalid"),
        RealTimeAuthorizationOutcomes.Allowed => new("Accepted", AuthorizationMethods.AuthRequest, answer.AuthorizationReference),
        RealTimeAuthorizationOutcomes.Blocked or RealTimeAuthorizationOutcomes.NoCredit => new("Blocked", AuthorizationMethods.AuthRequest, answer.AuthorizationReference),
        RealTimeAuthorizationOutcomes.Expired => new("Expired", AuthorizationMethods.AuthRequest, answer.AuthorizationReference),
        _ => new("Invalid", AuthorizationMethods.AuthRequest, answer.AuthorizationReference),
    };

    /// <summary>LocationReferences of the charger: its location and the EVSEs it serves there.</summary>
    public static AuthorizeTokenInRealTime Question(KnownToken token, ChargePoint chargePoint)
    {
        var location = chargePoint.Connectors.FirstOrDefault()?.LocationId;
        var evses = chargePoint.Connectors.Where(c => c.LocationId == location).Select(c => c.EvseUid).Distinct().ToList();
        return new AuthorizeTokenInRealTime(token.CountryCode, token.PartyId, token.Id, token.Type ?? "RFID", location, evses, chargePoint.Id);
    }

    private static AuthorizationStep Answered(ChargerAnswer answer) => new(answer, null, null);
}
