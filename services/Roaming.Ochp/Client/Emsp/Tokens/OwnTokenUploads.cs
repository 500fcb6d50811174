using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Client.Emsp.Tokens;

/// <summary>
/// The decisions of an authorisation list upload (pure): which tokens go, and what the clearing house's answer means for
/// each of them.
/// </summary>
public static class OwnTokenUploads
{
    public const string Set = "SetRoamingAuthorisationList";
    public const string Update = "UpdateRoamingAuthorisationList";

    public sealed record Plan(IReadOnlyList<(OwnTokenUpload Token, RoamingAuthorisationInfo Info)> Send, IReadOnlyList<OwnTokenRefused> NotSendable);

    /// <summary>The full list is due when it was never uploaded or its last upload is older than <paramref name="refreshInterval"/>.</summary>
    public static bool FullListDue(OwnTokenList? list, Instant now, Duration refreshInterval) =>
        list?.LastReplacedAt is not { } last || now - last >= refreshInterval;

    /// <summary>
    /// Maps the tokens (their contract ids revealed in <paramref name="contractIds"/>, same order). A token that cannot go
    /// is refused by us once per revision.
    /// </summary>
    public static Plan Prepare(IReadOnlyList<OwnTokenUpload> tokens, IReadOnlyList<string> contractIds, string operation, ProviderId ourProvider,
        Instant now, Duration validity)
    {
        var send = new List<(OwnTokenUpload, RoamingAuthorisationInfo)>();
        var refused = new List<OwnTokenRefused>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var mapped = OcpiTokenToOchpAuthorisation.Map(token.Uid, token.Type, contractIds[i], token.Valid && token.ChargerAuthorization == "Accepted",
                ourProvider, now, validity);
            if (mapped.IsMapped)
                send.Add((token, mapped.Value!));
            else if (!(token.State == OwnTokenUpload.Refused && token.AnsweredRevision == token.Revision))
                refused.Add(new OwnTokenRefused(token.TokenKey, token.Revision, operation, string.Join("; ", mapped.Problems), true, now));
        }
        return new Plan(send, refused);
    }

    /// <summary>
    /// One event per sent token from the clearing house's answer, or null when nothing was applied and the upload must be
    /// tried again. Refused entries are matched by their EMT-ID instance.
    /// </summary>
    public static IReadOnlyList<object>? Answer(IReadOnlyList<(OwnTokenUpload Token, RoamingAuthorisationInfo Info)> sent, string operation,
        Result result, IReadOnlyList<RoamingAuthorisationInfo> refusedInfos, Instant now)
    {
        var code = result.ResultCode.Value;
        var refuseAll = ClearingHouseAnswers.RefusesTheItems(code);
        if (!ClearingHouseAnswers.Applied(code) && !refuseAll)
            return null;
        var description = ClearingHouseAnswers.Describe(result);
        var refused = refusedInfos.Select(info => info.EmtId.Instance).ToHashSet(StringComparer.Ordinal);
        return sent.Select(item => refuseAll || refused.Contains(item.Info.EmtId.Instance)
                ? (object)new OwnTokenRefused(item.Token.TokenKey, item.Token.Revision, operation, $"refused by the clearing house ({description})", false, now)
                : new OwnTokenAccepted(item.Token.TokenKey, item.Token.Revision, operation, item.Info.ExpiryDate.ToInstant(), now))
            .ToList();
    }
}
