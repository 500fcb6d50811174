using NodaTime;

namespace Roaming.Contracts.Clearing.V1;

/// <summary>
/// A market participant of the clearing house was registered or changed. Operator-IDs and Provider-IDs are in their
/// canonical form (<c>DE*ABC</c>: country code, star, three characters, upper case). <paramref name="Ochp"/> is null for
/// a participant that does not speak OCHP.
/// </summary>
public sealed record ParticipantChanged(
    string ParticipantId,
    string Name,
    IReadOnlyList<string> OperatorIds,
    IReadOnlyList<string> ProviderIds,
    OchpLogin? Ochp,
    Instant ChangedAt);

/// <summary>A participant's OCHP login: the WS-Security user name and the stored hash of its password (never the password).</summary>
public sealed record OchpLogin(string Username, string PasswordHash);

/// <summary>
/// A roaming connection between an operator (CPO) and a provider (e-MSP) started: from now on the provider's tokens
/// reach the operator and the operator's CDRs, charge points, tariffs and status reach the provider.
/// </summary>
public sealed record RoamingConnectionStarted(string OperatorId, string ProviderId, Instant At);

/// <summary>A roaming connection ended: nothing new flows between the two any more.</summary>
public sealed record RoamingConnectionEnded(string OperatorId, string ProviderId, Instant At);
