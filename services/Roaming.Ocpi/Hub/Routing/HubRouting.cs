using System.Net;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Routing;

/// <summary>Where the hub sends one call: to a participant's platform, to its own answers (<see cref="IHubData"/>), or back with a refusal.</summary>
public abstract record HubRoute
{
    /// <summary>Forward to <paramref name="Platform"/>'s endpoint of the same module and interface role.</summary>
    public sealed record Forward(Partner Platform, string EndpointUrl) : HubRoute;

    /// <summary>The hub answers itself (broadcasts, its sender lists, CDRs, the OCHP bridge); <paramref name="Why"/> goes into the traffic record.</summary>
    public sealed record Hub(string Why) : HubRoute;

    /// <summary>Answered at once with this HTTP status, OCPI status and message; nothing is forwarded.</summary>
    public sealed record Refuse(HttpStatusCode HttpStatus, int OcpiStatus, string Message) : HubRoute
    {
        /// <summary>A party tried to speak for a party its platform does not carry: logged as a warning, not only recorded.</summary>
        public bool IsIsolationBreach => HttpStatus == HttpStatusCode.Forbidden;
    }
}

/// <summary>
/// What the routing knows about the hub's participants, as one consistent snapshot: the hub's own party, the clearing
/// participants (who owns which Operator-/Provider-ID), the participants' OCPI platforms (hub partners with their roles,
/// endpoints and status), the roaming connections, and the platforms held offline after a connection failure.
/// </summary>
public sealed record HubDirectoryView(
    OcpiParty HubParty,
    IReadOnlyList<HubParticipant> Participants,
    IReadOnlyList<Partner> Platforms,
    IReadOnlyList<HubConnection> Connections,
    IReadOnlySet<string> HeldOffline)
{
    private Dictionary<string, HubParticipant>? _owners;
    private HashSet<string>? _connected;

    /// <summary>The participant owning the party <c>CC*PID</c> as an Operator- or Provider-ID.</summary>
    public HubParticipant? ParticipantOwning(OcpiParty party)
    {
        _owners ??= Participants
            .SelectMany(p => p.OperatorIds.Concat(p.ProviderIds).Select(id => (Id: id.ToUpperInvariant(), Participant: p)))
            .GroupBy(x => x.Id).ToDictionary(g => g.Key, g => g.First().Participant);
        return _owners.GetValueOrDefault(party.Id);
    }

    /// <summary>Whether an active roaming connection joins the two parties, one as the operator, the other as the provider.</summary>
    public bool Connected(OcpiParty a, OcpiParty b)
    {
        _connected ??= Connections.Where(c => c.Active).Select(c => HubConnection.IdOf(c.OperatorId, c.ProviderId)).ToHashSet();
        return _connected.Contains(HubConnection.IdOf(a.Id, b.Id)) || _connected.Contains(HubConnection.IdOf(b.Id, a.Id));
    }

    private Dictionary<string, Partner>? _byToken;

    /// <summary>The platform that accepts one of these tokens (as <see cref="Transport.AuthorizationToken.Candidates"/> reads the header), if any.</summary>
    public Partner? PlatformWithToken(IReadOnlyList<string> candidates)
    {
        _byToken ??= Platforms.SelectMany(p => new[] { (Hash: p.AcceptedTokenHash, Platform: p), (Hash: p.PendingTokenHash, Platform: p) })
            .Where(x => x.Hash is not null).GroupBy(x => x.Hash!).ToDictionary(g => g.Key, g => g.First().Platform);
        foreach (var candidate in candidates)
        {
            if (_byToken.TryGetValue(TokenHash.Of(candidate), out var platform))
                return platform;
        }
        return null;
    }

    /// <summary>The participant's platform whose credentials carry <paramref name="party"/>, a registered one first.</summary>
    public Partner? PlatformOf(string participantId, OcpiParty party) =>
        Platforms.Where(p => p.ParticipantId == participantId && p.Roles.Any(r => r.IsParty(party.CountryCode, party.PartyId)))
            .OrderBy(p => p.Status == PartnerStatus.Registered ? 0 : 1).FirstOrDefault();
}

/// <summary>
/// The hub's routing decision, a pure function of the call and the directory (ocpi.md 2.6, transport_and_format 4.1.4):
/// FROM must be a party of the calling platform's credentials (else 403/2001: one party never reads or writes another's
/// objects); CDRs go through the clearing house; TO = the hub (or left out on a GET) is the hub's own answer; TO must be a
/// participant's party (4001), joined to FROM by an active roaming connection (4003), and reachable: a registered platform
/// carrying TO that is not held offline (4003), or for locations, tokens and tariffs pushed to an OCHP participant, the bridge.
/// </summary>
public static class HubRouting
{
    /// <summary>The modules whose pushes the bridge takes for participants reached over OCHP.</summary>
    public static readonly IReadOnlySet<string> Bridged = new HashSet<string> { "locations", "tokens", "tariffs" };

    /// <summary>The modules the hub routes (every one appears under <c>sender/</c> and <c>receiver/</c>).</summary>
    public static readonly IReadOnlyList<string> Modules = ["locations", "sessions", "cdrs", "tariffs", "tokens", "commands"];

    /// <summary>The modules whose receiver URLs name the owning party (<c>{country_code}/{party_id}/{id}</c>).</summary>
    private static readonly IReadOnlySet<string> OwnedObjects = new HashSet<string> { "locations", "sessions", "tariffs", "tokens" };

    public static HubRoute Decide(HubCall call, HubDirectoryView directory)
    {
        if (!call.Platform.Roles.Any(role => role.IsParty(call.From.CountryCode, call.From.PartyId)))
            return new HubRoute.Refuse(HttpStatusCode.Forbidden, OcpiStatus.InvalidOrMissingParameters,
                $"Party {call.From} is not one of this platform's parties");
        if (!Modules.Contains(call.Module))
            return new HubRoute.Refuse(HttpStatusCode.NotFound, OcpiStatus.ClientError, $"The hub does not route module {call.Module}");
        var push = call.Method != "GET";
        // Client-owned object URLs (ocpi.md 2.2): a party pushes only objects under its own {country_code}/{party_id}.
        if (push && call.InterfaceRole == InterfaceRoles.Receiver && OwnedObjects.Contains(call.Module) && call.Path.Count >= 2 &&
            OcpiParty.Of(call.Path[0], call.Path[1]) is var owner && owner != call.From)
            return new HubRoute.Refuse(HttpStatusCode.Forbidden, OcpiStatus.InvalidOrMissingParameters,
                $"Party {call.From} cannot push an object of party {owner}");
        // CDRs are never forwarded: pushed ones go through the clearing workflow, and an e-MSP reads the accepted ones at the hub.
        if (call.Module == "cdrs")
            return new HubRoute.Hub(push ? "CDR pushed to the clearing house" : "CDRs read at the hub");

        if (call.To is not { } to || to == directory.HubParty)
        {
            if (call.To is null && push)
                return Refused(OcpiStatus.InvalidOrMissingParameters,
                    $"OCPI-to-country-code and OCPI-to-party-id are required on a {call.Method}: the receiving party, or the hub ({directory.HubParty}) for a broadcast");
            if (push && call.Module == "sessions")
                return Refused(OcpiStatus.InvalidOrMissingParameters, "Sessions are never broadcast: address the e-MSP's party the session belongs to");
            if (call.Module == "commands")
                return Refused(OcpiStatus.InvalidOrMissingParameters, "Commands go to a CPO's party, not to the hub");
            return new HubRoute.Hub(push ? "broadcast" : "the hub's sender list");
        }

        var receiver = directory.ParticipantOwning(to);
        if (receiver is null)
            return Refused(OcpiStatus.UnknownReceiver, $"Party {to} is not a party of any participant of this hub");
        if (!directory.Connected(call.From, to))
            return Refused(OcpiStatus.ReceiverNotConnected, $"No active roaming connection between {call.From} and {to}");

        var platform = directory.PlatformOf(receiver.Id, to);
        if (platform is null || platform.Status != PartnerStatus.Registered || !platform.CanBeCalled)
        {
            if (receiver.SpeaksOchp && push && Bridged.Contains(call.Module))
                return new HubRoute.Hub($"bridged to OCHP participant {receiver.Id}");
            return Refused(OcpiStatus.ReceiverNotConnected, platform is null
                ? $"No OCPI platform of party {to} is connected to the hub{(receiver.SpeaksOchp ? $" (it speaks OCHP, and {call.Module} is not bridged)" : "")}"
                : $"The platform of party {to} is {(platform.Status == PartnerStatus.Unregistered ? "unregistered" : "not registered yet")}");
        }
        if (directory.HeldOffline.Contains(platform.Id))
            return Refused(OcpiStatus.ReceiverNotConnected, $"The platform of party {to} is offline (its last call failed to connect)");
        var url = platform.EndpointUrl(call.Module, call.InterfaceRole);
        return url is null
            ? Refused(OcpiStatus.ReceiverNotConnected, $"The platform of party {to} implements no {call.Module} {call.InterfaceRole} interface")
            : new HubRoute.Forward(platform, url);
    }

    private static HubRoute.Refuse Refused(int ocpiStatus, string message) => new(HttpStatusCode.OK, ocpiStatus, message);
}
