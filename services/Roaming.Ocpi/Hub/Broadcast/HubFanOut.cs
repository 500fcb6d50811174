using Marten;
using NodaTime;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Pushing;

namespace Roaming.Ocpi.Hub.Broadcast;

/// <summary>
/// Stores a new version of a hub object and queues it for every platform that may have it (<see cref="HubRecipients"/>),
/// in the caller's session and commit: the object, its deliveries and the record of whom it was sent to are written
/// together, and the delivery queue retries each platform for as long as <c>Roaming:Ocpi:DeliveryGiveUpAfter</c> allows.
/// </summary>
public static class HubFanOut
{
    /// <param name="toParty">Only this party (<c>CC*PID</c>) may get it (a push addressed to one party); null: everyone connected.</param>
    public static async Task StoreAndQueue(IDocumentSession session, HubObject hubObject, string source, string actor, string? toParty, Instant now,
        CancellationToken cancellation)
    {
        session.Events.Append(hubObject.Id, new HubObjectStored(hubObject, source, actor, toParty));
        await Queue(session, hubObject, toParty, now, cancellation);
    }

    /// <summary>Queues one version of the object for its recipients (a version already queued for a platform is not queued again).</summary>
    public static async Task Queue(IDocumentSession session, HubObject hubObject, string? toParty, Instant now, CancellationToken cancellation)
    {
        var parties = await Recipients(session, hubObject, cancellation);
        if (toParty is not null)
            parties = [.. parties.Where(p => string.Equals(p, toParty, StringComparison.OrdinalIgnoreCase))];
        if (parties.Count == 0)
            return;
        var platforms = await session.Query<Partner>().Where(p => p.Status == PartnerStatus.Registered && p.ParticipantId != null).ToListAsync(cancellation);
        if (platforms.Count == 0)
            return;
        var participantIds = platforms.Select(p => p.ParticipantId!).Distinct().ToArray();
        var participants = (await session.LoadManyAsync<HubParticipant>(cancellation, participantIds)).ToDictionary(p => p.Id);
        var planned = HubRecipients.Plan(hubObject, hubObject.Json, parties, platforms, participants, now);
        if (planned.Count == 0)
            return;
        var existing = (await session.LoadManyAsync<Delivery>(cancellation, planned.Select(d => d.Id).ToArray())).Select(d => d.Id).ToHashSet();
        foreach (var delivery in planned.Where(d => !existing.Contains(d.Id)))
        {
            session.Insert(delivery);
            session.Events.Append(hubObject.Id,
                new HubObjectForwarded(hubObject.Id, hubObject.Module, delivery.PartnerId, $"{delivery.ToCountryCode}*{delivery.ToPartyId}", delivery.Id, now));
        }
    }

    /// <summary>The parties that may have the object: a CDR's e-MSP party, else the parties connected with the owner.</summary>
    private static async Task<IReadOnlyList<string>> Recipients(IQuerySession session, HubObject hubObject, CancellationToken cancellation)
    {
        if (hubObject.Module == Modules.Cdrs)
            return hubObject.SharedWithParty is null ? [] : [hubObject.SharedWithParty];
        var owner = hubObject.Party;
        var connections = HubRecipients.OwnedByProvider(hubObject.Module)
            ? await session.Query<HubConnection>().Where(c => c.Active && c.ProviderId == owner).ToListAsync(cancellation)
            : await session.Query<HubConnection>().Where(c => c.Active && c.OperatorId == owner).ToListAsync(cancellation);
        return HubRecipients.ConnectedWith(hubObject.Module, owner, connections);
    }
}
