using NodaTime;

namespace Roaming.Clearing.Participants;

/// <summary>A participant's OCHP login: the WS-Security user name and the hash of its password (<see cref="Platform.Security.SecretHasher"/>).</summary>
public sealed record OchpAccount(string Username, string PasswordHash);

/// <summary>A market participant joined the clearing house. Operator-IDs and Provider-IDs in canonical form (<c>DE*ABC</c>).</summary>
public sealed record ParticipantRegistered(string ParticipantId, string Name, IReadOnlyList<string> OperatorIds, IReadOnlyList<string> ProviderIds,
    OchpAccount? Ochp, Instant At);

/// <summary>A participant was put again: its whole new state (name, ids, OCHP login).</summary>
public sealed record ParticipantChanged(string ParticipantId, string Name, IReadOnlyList<string> OperatorIds, IReadOnlyList<string> ProviderIds,
    OchpAccount? Ochp, Instant At);
