namespace Roaming.Ochp.Participants;

/// <summary>
/// The participant an OCHP call was authenticated as, with the roaming connections that concern it: those of its
/// Operator-IDs (as a CPO) and of its Provider-IDs (as an e-MSP). Ids are canonical (<c>DE*ABC</c>).
/// </summary>
public sealed record OchpCaller(
    string ParticipantId,
    string Username,
    IReadOnlySet<string> OperatorIds,
    IReadOnlySet<string> ProviderIds,
    IReadOnlyList<OchpConnection> Connections)
{
    /// <summary>The actor recorded on every event this caller causes.</summary>
    public string Actor => $"ochp:{Username}";

    /// <summary>Providers connected to one of the caller's Operator-IDs: whose tokens it may see.</summary>
    public IReadOnlySet<string> ConnectedProviders { get; } =
        Connections.Where(c => c.Active && OperatorIds.Contains(c.OperatorId)).Select(c => c.ProviderId).ToHashSet();

    /// <summary>Operators connected to one of the caller's Provider-IDs: whose charge points, tariffs and status it may see.</summary>
    public IReadOnlySet<string> ConnectedOperators { get; } =
        Connections.Where(c => c.Active && ProviderIds.Contains(c.ProviderId)).Select(c => c.OperatorId).ToHashSet();

    public bool HasConnection => ConnectedProviders.Count > 0 || ConnectedOperators.Count > 0;
}
