using JasperFx.Events;
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

    /// <summary>
    /// Locks a hub object's stream: a platform pushes changes of one object in parallel (the EVSEs of a location), each
    /// merged into the object as it is now, and every append then goes through the locked stream (StreamLocks).
    /// </summary>
    public static Task<IEventStream<HubObject>> Lock(IDocumentSession session, string key, CancellationToken cancellation) =>
        session.Events.FetchForExclusiveWriting<HubObject>(key, cancellation);

    /// <summary><see cref="StoreAndQueue(IDocumentSession, HubObject, string, string, string?, Instant, CancellationToken)"/> through the object's locked stream (<see cref="Lock"/>).</summary>
    public static async Task StoreAndQueue(IDocumentSession session, IEventStream<HubObject> stream, HubObject hubObject, string source, string actor,
        string? toParty, Instant now, CancellationToken cancellation)
    {
        stream.AppendOne(new HubObjectStored(hubObject, source, actor, toParty));
        await Queue(session, hubObject, toParty, now, cancellation, stream);
    }

    /// <summary>
    /// Removes a hub object (a tariff its CPO deleted) and queues a DELETE of it for every platform that may have had it,
    /// in the caller's session and commit, with the record of whom it was sent to.
    /// </summary>
    public static async Task RemoveAndQueue(IDocumentSession session, IEventStream<HubObject> stream, HubObject hubObject, string source, string actor,
        string? toParty, Instant now, CancellationToken cancellation)
    {
        stream.AppendOne(new HubObjectRemoved(hubObject.Id, hubObject.Module, hubObject.Party, hubObject.ObjectId, source, actor, toParty, now,
            hubObject.ParticipantId));
        var parties = await Addressees(session, hubObject, toParty, cancellation);
        if (parties.Count == 0)
            return;
        var (platforms, participants) = await Platforms(session, cancellation);
        await Insert(session, [.. HubRecipients.PlanRemoval(hubObject, parties, platforms, participants, now).Select(d => (hubObject, d))], now, cancellation,
            stream);
    }

    /// <summary>
    /// Queues one version of the object for its recipients (a version already queued for a platform is not queued again);
    /// the record of whom it was sent to goes through <paramref name="locked"/> when the caller holds the object's stream.
    /// </summary>
    public static async Task Queue(IDocumentSession session, HubObject hubObject, string? toParty, Instant now, CancellationToken cancellation,
        IEventStream<HubObject>? locked = null)
    {
        var parties = await Addressees(session, hubObject, toParty, cancellation);
        if (parties.Count == 0)
            return;
        var (platforms, participants) = await Platforms(session, cancellation);
        var planned = HubRecipients.Plan(hubObject, hubObject.Json, parties, platforms, participants, now).Select(d => (hubObject, d)).ToList();
        await Insert(session, planned, now, cancellation, locked);
    }

    /// <summary>The recipients of the object, or only <paramref name="toParty"/> among them when it was addressed to one party.</summary>
    private static async Task<IReadOnlyList<string>> Addressees(IQuerySession session, HubObject hubObject, string? toParty, CancellationToken cancellation)
    {
        var parties = await Recipients(session, hubObject, cancellation);
        return toParty is null ? parties : [.. parties.Where(p => string.Equals(p, toParty, StringComparison.OrdinalIgnoreCase))];
    }

    /// <summary>The participants' registered platforms, and the participants they belong to by id.</summary>
    public static async Task<(IReadOnlyList<Partner> Platforms, IReadOnlyDictionary<string, HubParticipant> Participants)> Platforms(IQuerySession session,
        CancellationToken cancellation)
    {
        var platforms = await session.Query<Partner>().Where(p => p.Status == PartnerStatus.Registered && p.ParticipantId != null).ToListAsync(cancellation);
        var participantIds = platforms.Select(p => p.ParticipantId!).Distinct().ToArray();
        var participants = participantIds.Length == 0
            ? new Dictionary<string, HubParticipant>()
            : (await session.LoadManyAsync<HubParticipant>(cancellation, participantIds)).ToDictionary(p => p.Id);
        return (platforms, participants);
    }

    /// <summary>Queues <paramref name="objects"/> for the platforms of <paramref name="parties"/>, each version once per platform, with the record of it.</summary>
    /// <returns>How many deliveries were queued.</returns>
    public static async Task<int> QueueFor(IDocumentSession session, IReadOnlyList<HubObject> objects, IReadOnlyList<string> parties,
        IReadOnlyList<Partner> platforms, IReadOnlyDictionary<string, HubParticipant> participants, Instant now, CancellationToken cancellation)
    {
        var planned = objects.SelectMany(o => HubRecipients.Plan(o, o.Json, parties, platforms, participants, now).Select(d => (Object: o, Delivery: d))).ToList();
        return await Insert(session, planned, now, cancellation);
    }

    /// <summary>
    /// Inserts the planned deliveries not queued before, each with the record of whom the object was sent to (appended
    /// through <paramref name="locked"/> when it is that object's locked stream).
    /// </summary>
    private static async Task<int> Insert(IDocumentSession session, IReadOnlyList<(HubObject Object, Delivery Delivery)> planned, Instant now,
        CancellationToken cancellation, IEventStream<HubObject>? locked = null)
    {
        if (planned.Count == 0)
            return 0;
        var existing = (await session.LoadManyAsync<Delivery>(cancellation, planned.Select(p => p.Delivery.Id).ToArray())).Select(d => d.Id).ToHashSet();
        var queued = 0;
        foreach (var (hubObject, delivery) in planned.Where(p => existing.Add(p.Delivery.Id)))
        {
            session.Insert(delivery);
            var forwarded = new HubObjectForwarded(hubObject.Id, hubObject.Module, delivery.PartnerId, $"{delivery.ToCountryCode}*{delivery.ToPartyId}",
                delivery.Id, now);
            if (locked is not null && locked.Key == hubObject.Id)
                locked.AppendOne(forwarded);
            else
                session.Events.Append(hubObject.Id, forwarded);
            queued++;
        }
        return queued;
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
