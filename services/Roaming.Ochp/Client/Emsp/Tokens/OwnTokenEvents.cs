using Marten.Events.Aggregation;
using NodaTime;

namespace Roaming.Ochp.Client.Emsp.Tokens;

/// <summary>
/// One of our own e-MSP tokens changed (Tokens' <c>TokenChanged</c>) and is queued for our authorisation list at the
/// clearing house. <paramref name="ContractId"/> stays encrypted under the holder's key as Tokens sent it; it is
/// revealed only in the request to the clearing house.
/// </summary>
public sealed record OwnTokenQueued(string TokenKey, string Uid, string Type, string ContractId, bool Valid, string ChargerAuthorization, Instant ChangedAt);

/// <summary>The clearing house took <paramref name="Revision"/> of the token (the count of its queued changes) with this expiry.</summary>
public sealed record OwnTokenAccepted(string TokenKey, int Revision, string Operation, Instant ExpiryDate, Instant At);

/// <summary>
/// <paramref name="Revision"/> of the token is not on the list: refused by the clearing house (its answer in
/// <paramref name="Reason"/>), or not sendable at all (no RFID card, not one of our contracts), then <paramref name="ByUs"/>.
/// It goes again only when it changes.
/// </summary>
public sealed record OwnTokenRefused(string TokenKey, int Revision, string Operation, string Reason, bool ByUs, Instant At);

/// <summary>Our whole authorisation list was uploaded (SetRoamingAuthorisationList): <paramref name="Sent"/> tokens, <paramref name="Refused"/> of them refused.</summary>
public sealed record OwnTokenListReplaced(int Sent, int Refused, Instant At);

public static class OwnTokenStreams
{
    public const string List = "ochp-emsp-token-list";

    public static string Of(string tokenKey) => $"ochp-emsp-token:{tokenKey}";
}

/// <summary>Where one of our tokens stands at the clearing house (<c>GET /api/ochp/client/tokens</c>).</summary>
public sealed record OwnTokenUpload(
    string Id, string TokenKey, string Uid, string Type, string ContractId, bool Valid, string ChargerAuthorization, int Revision,
    int AnsweredRevision, string State, string? Reason, Instant? ExpiryDate, Instant ChangedAt, Instant? AnsweredAt)
{
    public const string Queued = "queued";
    public const string Accepted = "accepted";
    public const string Refused = "refused";
}

public sealed class OwnTokenUploadProjection : SingleStreamProjection<OwnTokenUpload, string>
{
    public static OwnTokenUpload Create(JasperFx.Events.IEvent<OwnTokenQueued> queued) =>
        new(queued.StreamKey!, queued.Data.TokenKey, queued.Data.Uid, queued.Data.Type, queued.Data.ContractId, queued.Data.Valid,
            queued.Data.ChargerAuthorization, 1, 0, OwnTokenUpload.Queued, null, null, queued.Data.ChangedAt, null);

    public static OwnTokenUpload Apply(OwnTokenQueued queued, OwnTokenUpload token) => token with
    {
        Uid = queued.Uid, Type = queued.Type, ContractId = queued.ContractId, Valid = queued.Valid, ChargerAuthorization = queued.ChargerAuthorization,
        Revision = token.Revision + 1, State = OwnTokenUpload.Queued, ChangedAt = queued.ChangedAt,
    };

    public static OwnTokenUpload Apply(OwnTokenAccepted accepted, OwnTokenUpload token) => token with
    {
        AnsweredRevision = accepted.Revision, ExpiryDate = accepted.ExpiryDate, AnsweredAt = accepted.At, Reason = null,
        State = accepted.Revision == token.Revision ? OwnTokenUpload.Accepted : token.State,
    };

    public static OwnTokenUpload Apply(OwnTokenRefused refused, OwnTokenUpload token) => token with
    {
        AnsweredRevision = refused.Revision, Reason = refused.Reason, AnsweredAt = refused.At,
        State = refused.Revision == token.Revision ? OwnTokenUpload.Refused : token.State,
    };
}

/// <summary>When our whole list was last uploaded.</summary>
public sealed record OwnTokenList(string Id, Instant? LastReplacedAt, int Sent, int Refused);

public sealed class OwnTokenListProjection : SingleStreamProjection<OwnTokenList, string>
{
    public static OwnTokenList Create(JasperFx.Events.IEvent<OwnTokenListReplaced> replaced) =>
        new(replaced.StreamKey!, replaced.Data.At, replaced.Data.Sent, replaced.Data.Refused);

    public static OwnTokenList Apply(OwnTokenListReplaced replaced, OwnTokenList list) =>
        list with { LastReplacedAt = replaced.At, Sent = replaced.Sent, Refused = replaced.Refused };
}
