using NodaTime;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Pushing;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Broadcast;

/// <summary>
/// Pure: who may have a hub object. Data follows the roaming connections (issue 15, broadcast rules in ocpi.md 4.6): a
/// CPO's locations and tariffs go to the e-MSPs connected with it, an e-MSP's tokens to the CPOs connected with it, a CDR
/// only to its e-MSP. A participant's platform gets an object once, addressed to its first party that may have it.
/// </summary>
public static class HubRecipients
{
    /// <summary>Tokens are owned by an e-MSP (a Provider-ID); locations, tariffs and CDRs by a CPO (an Operator-ID).</summary>
    public static bool OwnedByProvider(string module) => module == Modules.Tokens;

    /// <summary>The parties (<c>CC*PID</c>) with an active connection to <paramref name="ownerParty"/> in the module's direction.</summary>
    public static IReadOnlyList<string> ConnectedWith(string module, string ownerParty, IEnumerable<HubConnection> connections) =>
        [.. connections.Where(c => c.Active)
            .Where(c => OwnedByProvider(module) ? Same(c.ProviderId, ownerParty) : Same(c.OperatorId, ownerParty))
            .Select(c => OwnedByProvider(module) ? c.OperatorId : c.ProviderId)
            .Select(party => party.ToUpperInvariant())
            .Distinct()];

    /// <summary>The owners (<c>CC*PID</c>) whose objects of the module one of <paramref name="readerParties"/> may read: the reverse direction.</summary>
    public static IReadOnlyList<string> VisibleOwners(string module, IEnumerable<string> readerParties, IEnumerable<HubConnection> connections)
    {
        var readers = readerParties.Select(p => p.ToUpperInvariant()).ToHashSet();
        return [.. connections.Where(c => c.Active)
            .Where(c => readers.Contains((OwnedByProvider(module) ? c.OperatorId : c.ProviderId).ToUpperInvariant()))
            .Select(c => (OwnedByProvider(module) ? c.ProviderId : c.OperatorId).ToUpperInvariant())
            .Distinct()];
    }

    /// <summary>
    /// The deliveries of one version of <paramref name="hubObject"/>: a PUT of the whole object (a CDR: a POST) to the module's
    /// receiver of every callable hub platform that speaks for one of <paramref name="parties"/>, whose participant owns that
    /// party, and that is not the owner's own platform. FROM is the owner (its party stays in the URL; last_updated unchanged).
    /// </summary>
    /// <param name="json">The object as queued (holder fields encrypted; the worker reveals them when it sends).</param>
    public static IReadOnlyList<Delivery> Plan(HubObject hubObject, string json, IReadOnlyList<string> parties, IEnumerable<Partner> platforms,
        IReadOnlyDictionary<string, HubParticipant> participants, Instant now)
    {
        var isCdr = hubObject.Module == Modules.Cdrs;
        // One delivery per platform and version: a redelivered message plans the same id again (DeliveryPlanner.Store skips it),
        // and a CDR POST is never planned twice. A tariff can be deleted and put again with the same last_updated: its
        // version also names when it was (re)created, so that the new tariff is sent, not taken for the old one.
        var version = hubObject.Module == Modules.Tariffs ? $"{hubObject.FirstStoredTicks}-{hubObject.LastUpdatedTicks}" : $"{hubObject.LastUpdatedTicks}";
        return Planned(hubObject, parties, platforms, participants, now, isCdr ? "POST" : "PUT", json, version);
    }

    /// <summary>
    /// The deliveries of the removal of <paramref name="hubObject"/> (a tariff its CPO deleted): a DELETE of it, without a
    /// body, to the same platforms <see cref="Plan"/> sends its versions to, queued behind them (same object key).
    /// </summary>
    public static IReadOnlyList<Delivery> PlanRemoval(HubObject hubObject, IReadOnlyList<string> parties, IEnumerable<Partner> platforms,
        IReadOnlyDictionary<string, HubParticipant> participants, Instant now) =>
        Planned(hubObject, parties, platforms, participants, now, "DELETE", null, $"removed-{now.ToUnixTimeTicks()}");

    private static List<Delivery> Planned(HubObject hubObject, IReadOnlyList<string> parties, IEnumerable<Partner> platforms,
        IReadOnlyDictionary<string, HubParticipant> participants, Instant now, string method, string? body, string version)
    {
        var planned = new List<Delivery>();
        foreach (var platform in platforms.Where(p => p.ParticipantId is not null && p.CanBeCalled).OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            if (platform.EndpointUrl(hubObject.Module, InterfaceRoles.Receiver) is not { } url || platform.ParticipantId == hubObject.ParticipantId)
                continue;
            if (!participants.TryGetValue(platform.ParticipantId!, out var participant))
                continue;
            var to = parties.FirstOrDefault(party => participant.Owns(party) && PartyText.Parse(party) is { } p && platform.SpeaksFor(p.CountryCode, p.PartyId));
            if (to is null || PartyText.Parse(to) is not { } addressee)
                continue;
            var target = hubObject.Module == Modules.Cdrs ? url : OcpiUrls.Join(url, hubObject.CountryCode, hubObject.PartyId, hubObject.ObjectId) + TypeQuery(hubObject);
            planned.Add(new Delivery($"{platform.Id}/{hubObject.Id}/{version}", platform.Id, hubObject.Module, method, target, body, addressee.CountryCode,
                addressee.PartyId, DeliveryStatus.Queued, 0, now, now, null, null, hubObject.Id, FromCountryCode: hubObject.CountryCode, FromPartyId: hubObject.PartyId));
        }
        return planned;
    }

    /// <summary>A token other than RFID is addressed with <c>?type=</c> (the receiver keys tokens by uid and type).</summary>
    private static string TypeQuery(HubObject hubObject) =>
        hubObject.TokenType is { } type && type != "RFID" ? $"?type={Uri.EscapeDataString(type)}" : "";

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
