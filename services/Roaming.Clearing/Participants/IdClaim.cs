namespace Roaming.Clearing.Participants;

/// <summary>
/// An identifier that belongs to exactly one participant: an Operator-ID, a Provider-ID or an OCHP user name. Claims are
/// added with <c>Insert</c>, so of two participants claiming the same id at the same time only one commit succeeds.
/// </summary>
public sealed record IdClaim(string Id, string Kind, string Value, string ParticipantId)
{
    public static string KeyOf(string kind, string value) => $"{kind}:{value}";

    public static IdClaim For(string kind, string value, string participantId) => new(KeyOf(kind, value), kind, value, participantId);
}

public static class ClaimKinds
{
    public const string Operator = "operator";
    public const string Provider = "provider";
    public const string OchpUsername = "ochp-username";
}
