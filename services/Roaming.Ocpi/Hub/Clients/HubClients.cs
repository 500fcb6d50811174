using System.Text.Json.Serialization;
using NodaTime;
using Roaming.Ocpi.Hub.Routing;
using Roaming.Ocpi.Partners;

namespace Roaming.Ocpi.Hub.Clients;

/// <summary>hubclientinfo ConnectionStatus (hubclientinfo 12.4.1).</summary>
public static class ConnectionStatus
{
    public const string Connected = "CONNECTED";
    public const string Offline = "OFFLINE";
    public const string Planned = "PLANNED";
    public const string Suspended = "SUSPENDED";
}

/// <summary>ClientInfo as it travels (hubclientinfo 12.3.1).</summary>
public sealed record ClientInfo(
    [property: JsonPropertyName("party_id")] string PartyId,
    [property: JsonPropertyName("country_code")] string CountryCode,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("last_updated")] Instant LastUpdated);

/// <summary>
/// The hub's ClientInfo of one party in one role, as the hub last published it: <see cref="LastUpdated"/> moves only when
/// the status does. Id <c>CC*PID/ROLE</c>.
/// </summary>
public sealed record HubClientStatus(string Id, string PartyId, string CountryCode, string Role, string Status, Instant LastUpdated)
{
    /// <summary>The instant as SQL compares it (Instants are stored as text), for date_from/date_to.</summary>
    public DateTimeOffset LastUpdatedUtc => LastUpdated.ToDateTimeOffset();

    public ClientInfo Wire => new(PartyId, CountryCode, Role, Status, LastUpdated);

    public static string IdOf(string party, string role) => $"{party.ToUpperInvariant()}/{role}";
}

/// <summary>
/// Pure: the connection status of every party of every participant. A party in a role (an Operator-ID as CPO, a
/// Provider-ID as EMSP) is CONNECTED when a registered platform carries it (OFFLINE while that platform is recorded
/// unreachable, <see cref="HubPlatformReachability"/>) or when its participant speaks OCHP (the bridge reaches it), SUSPENDED when the platform that carried it
/// unregistered, PLANNED while the participant holds a token A not used yet; a party no platform claims is not listed.
/// </summary>
public static class HubClients
{
    public static IReadOnlyList<(string Party, string Role, string Status)> Statuses(HubDirectoryView view, IReadOnlyCollection<string> offline)
    {
        var statuses = new List<(string, string, string)>();
        foreach (var participant in view.Participants)
        {
            var platforms = view.Platforms.Where(p => p.ParticipantId == participant.Id).ToList();
            var planned = platforms.Any(p => p.Status == PartnerStatus.Created);
            foreach (var (party, role) in participant.OperatorIds.Select(id => (id, "CPO")).Concat(participant.ProviderIds.Select(id => (id, "EMSP"))))
            {
                var carriers = platforms.Where(p => Carries(p, party, role)).ToList();
                var registered = carriers.Where(p => p.Status == PartnerStatus.Registered).ToList();
                string? status =
                    registered.Any(p => !offline.Contains(p.Id)) ? ConnectionStatus.Connected :
                    registered.Count > 0 ? ConnectionStatus.Offline :
                    participant.SpeaksOchp ? ConnectionStatus.Connected :
                    planned ? ConnectionStatus.Planned :
                    carriers.Any(p => p.Status == PartnerStatus.Unregistered) ? ConnectionStatus.Suspended :
                    null;
                if (status is not null)
                    statuses.Add((party.ToUpperInvariant(), role, status));
            }
        }
        return statuses;
    }

    /// <summary>Whether <paramref name="platform"/> claimed <paramref name="party"/> (<c>CC*PID</c>) in <paramref name="role"/>.</summary>
    public static bool Carries(Partner platform, string party, string role) =>
        platform.Roles.Any(r => string.Equals(r.Role, role, StringComparison.OrdinalIgnoreCase) &&
            OcpiParty.Of(r.CountryCode, r.PartyId).Id == party.ToUpperInvariant());

    /// <summary>What changed against the published list: new parties and new statuses, stamped <paramref name="now"/>; unchanged ones are left out.</summary>
    public static IReadOnlyList<HubClientStatus> Changes(IReadOnlyList<(string Party, string Role, string Status)> current,
        IReadOnlyDictionary<string, HubClientStatus> published, Instant now) =>
        current.Where(c => !published.TryGetValue(HubClientStatus.IdOf(c.Party, c.Role), out var known) || known.Status != c.Status)
            .Select(c => new HubClientStatus(HubClientStatus.IdOf(c.Party, c.Role), c.Party[3..], c.Party[..2], c.Role, c.Status, now))
            .ToList();
}
