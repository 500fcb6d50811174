using NodaTime;

namespace Roaming.Ochp.Participants;

/// <summary>
/// Our copy of a clearing participant (from <c>ParticipantChanged</c>): the ids it owns and its OCHP login. The password
/// is only ever here as the hash the clearing service stored.
/// </summary>
public sealed record OchpParticipant(
    string Id,
    string Name,
    IReadOnlyList<string> OperatorIds,
    IReadOnlyList<string> ProviderIds,
    string? Username,
    string? PasswordHash,
    Instant ChangedAt);

/// <summary>Our copy of a roaming connection (from <c>RoamingConnectionStarted/Ended</c>); <see cref="Active"/> false once ended.</summary>
public sealed record OchpConnection(string Id, string OperatorId, string ProviderId, bool Active, Instant ChangedAt)
{
    public static string IdOf(string operatorId, string providerId) => $"{operatorId}|{providerId}";
}
