using NodaTime;

namespace Roaming.Ocpi.Hub.Directory;

/// <summary>
/// The hub's copy of a clearing participant (from Clearing's <c>ParticipantChanged</c>): the Operator-IDs (CPO parties) and
/// Provider-IDs (e-MSP parties) it owns, in canonical <c>CC*PID</c> form, and whether it speaks OCHP (then the hub reaches
/// it through the bridge). Which OCPI platform carries its parties is the hub partner with its <c>ParticipantId</c>.
/// </summary>
public sealed record HubParticipant(
    string Id,
    string Name,
    IReadOnlyList<string> OperatorIds,
    IReadOnlyList<string> ProviderIds,
    bool SpeaksOchp,
    Instant ChangedAt)
{
    public bool OwnsOperator(string party) => OperatorIds.Contains(party, StringComparer.OrdinalIgnoreCase);

    public bool OwnsProvider(string party) => ProviderIds.Contains(party, StringComparer.OrdinalIgnoreCase);

    public bool Owns(string party) => OwnsOperator(party) || OwnsProvider(party);
}

/// <summary>The hub's copy of a roaming connection (from <c>RoamingConnectionStarted/Ended</c>); <see cref="Active"/> false once ended.</summary>
public sealed record HubConnection(string Id, string OperatorId, string ProviderId, bool Active, Instant ChangedAt)
{
    public static string IdOf(string operatorId, string providerId) => $"{operatorId.ToUpperInvariant()}|{providerId.ToUpperInvariant()}";
}
