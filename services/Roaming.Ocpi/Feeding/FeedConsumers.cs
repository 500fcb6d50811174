using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Contracts.Network.V1;
using Roaming.Contracts.Tokens.V1;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Pushing;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Ocpi.Feeding;

/// <summary>Shared glue of the feed consumers: one session with the inbox mark, the stored objects and the planned pushes.</summary>
internal static class Feed
{
    public static async Task<IDocumentSession?> Open<T>(IOcpiStore store, ConsumeContext<T> context, string consumer, Instant now) where T : class
    {
        var session = store.LightweightSession().Stamp(EventContext.Message("ocpi", context.MessageId, context.CorrelationId?.ToString(), now));
        if (await session.TryMarkHandled(consumer, context.MessageId, now, context.CancellationToken))
            return session;
        await session.DisposeAsync();
        return null;
    }

    /// <summary>
    /// Locks the stream of one of our objects: consumers of different messages (a location change and an EVSE status, a
    /// session's progress and its CDR) change the same object at the same moment, each from the object as it is now (StreamLocks).
    /// </summary>
    public static Task<IEventStream<OcpiObject>> Lock(IDocumentSession session, string key, CancellationToken cancellation) =>
        session.Events.FetchForExclusiveWriting<OcpiObject>(key, cancellation);

    /// <summary>Publishes an object only its one writer ever stores (no lock needed).</summary>
    public static async Task Publish(IDocumentSession session, OcpiObject own, string method, string pathSuffix, string? body, string dedupeKey,
        Instant now, CancellationToken cancellation)
    {
        session.Events.Append(own.Id, new OcpiObjectStored(own, "service"));
        await Plan(session, own, method, pathSuffix, body, dedupeKey, now, cancellation);
    }

    /// <summary>Publishes an object through its locked stream (<see cref="Lock"/>).</summary>
    public static async Task Publish(IDocumentSession session, IEventStream<OcpiObject> stream, OcpiObject own, string method, string pathSuffix,
        string? body, string dedupeKey, Instant now, CancellationToken cancellation)
    {
        stream.AppendOne(new OcpiObjectStored(own, "service"));
        await Plan(session, own, method, pathSuffix, body, dedupeKey, now, cancellation);
    }

    private static async Task Plan(IDocumentSession session, OcpiObject own, string method, string pathSuffix, string? body, string dedupeKey,
        Instant now, CancellationToken cancellation)
    {
        var partners = await DeliveryPlanner.Partners(session, cancellation);
        await DeliveryPlanner.Store(session, DeliveryPlanner.Plan(partners, own, method, pathSuffix, body, dedupeKey, now), cancellation);
    }

    /// <summary>
    /// Pushes a location or session as the difference from what each receiver was last sent (<see cref="SmallestPushes"/>),
    /// and remembers the current version as sent to them.
    /// </summary>
    public static async Task PublishChanges(IDocumentSession session, IEventStream<OcpiObject> stream, OcpiObject own,
        Func<JsonObject?, JsonObject, IReadOnlyList<Push>> smallest, HolderFields holders, string dedupeKey, Instant now, CancellationToken cancellation)
    {
        stream.AppendOne(new OcpiObjectStored(own, "service"));
        var receivers = DeliveryPlanner.Receivers(await DeliveryPlanner.Partners(session, cancellation), own).ToList();
        if (receivers.Count == 0)
            return;
        var sent = await SentVersions(session, [own.Id], cancellation);
        await DeliveryPlanner.Store(session, await PlanChanges(session, own, receivers, sent, smallest, holders, dedupeKey, now, cancellation), cancellation);
    }

    /// <summary>The versions of <paramref name="objectKeys"/> last sent to each partner (stored JSON, holder data protected), one query.</summary>
    public static async Task<Dictionary<(string PartnerId, string ObjectKey), string>> SentVersions(IQuerySession session,
        IReadOnlyCollection<string> objectKeys, CancellationToken cancellation) =>
        (await session.Query<PushedVersion>().Where(v => v.ObjectKey.IsOneOf(objectKeys.ToArray())).ToListAsync(cancellation))
        .ToDictionary(v => (v.PartnerId, v.ObjectKey), v => v.Json);

    /// <summary>
    /// The deliveries of <paramref name="own"/> to <paramref name="receivers"/>: each the smallest change from what it was
    /// last sent (<paramref name="sent"/>, which then holds the current version, as the stored <see cref="PushedVersion"/>s do).
    /// </summary>
    public static async Task<IReadOnlyList<Delivery>> PlanChanges(IDocumentSession session, OcpiObject own, IReadOnlyList<Partner> receivers,
        Dictionary<(string PartnerId, string ObjectKey), string> sent, Func<JsonObject?, JsonObject, IReadOnlyList<Push>> smallest,
        HolderFields holders, string dedupeKey, Instant now, CancellationToken cancellation)
    {
        if (receivers.Count == 0)
            return [];
        var sentTo = receivers.Where(p => sent.ContainsKey((p.Id, own.Id)))
            .ToDictionary(p => p.Id, p => JsonNode.Parse(sent[(p.Id, own.Id)])!.AsObject());
        var current = JsonNode.Parse(own.Json)!.AsObject();
        // Compared revealed: every encryption of a contract id differs (fresh nonce), and would otherwise look like a change.
        await holders.Reveal(own.Module, [current, .. sentTo.Values], cancellation);
        var pushes = new Dictionary<string, IReadOnlyList<Push>>();
        foreach (var partner in receivers)
            pushes[partner.Id] = await Protected(smallest(sentTo.GetValueOrDefault(partner.Id), current), own.Module, holders, cancellation);
        var deliveries = DeliveryPlanner.Plan(receivers, own, partner => pushes[partner.Id], dedupeKey, now);
        foreach (var partner in receivers)
        {
            session.Store(new PushedVersion(PushedVersion.IdFor(partner.Id, own.Id), partner.Id, own.Id, own.Json));
            sent[(partner.Id, own.Id)] = own.Json;
        }
        return deliveries;
    }

    /// <summary>Queued pushes keep the holder's data encrypted like the object; the delivery worker reveals it when it sends.</summary>
    private static async Task<IReadOnlyList<Push>> Protected(IReadOnlyList<Push> pushes, string module, HolderFields holders, CancellationToken cancellation)
    {
        var protectedPushes = new List<Push>(pushes.Count);
        foreach (var push in pushes)
            protectedPushes.Add(push.Body is null ? push : push with { Body = await holders.Protect(module, push.Body, cancellation) });
        return protectedPushes;
    }

    public static IReadOnlyList<Push> LocationPushes(JsonObject? sent, JsonObject current, OcpiObject own) =>
        SmallestPushes.Location(sent, current, own.CountryCode, own.PartyId);

    public static IReadOnlyList<Push> SessionPushes(JsonObject? sent, JsonObject current, OcpiObject own) =>
        SmallestPushes.Session(sent, current, own.CountryCode, own.PartyId);

    public static string PartyPath(OcpiObject own) => $"{own.CountryCode}/{own.PartyId}/{own.ObjectId}";
}

/// <summary>
/// Network published a location: serve it on our CPO locations sender and push it to every eMSP receiver, as the
/// smallest change from the version that receiver has (PATCH of the location, an EVSE or a connector; PUT of what is new).
/// </summary>
public sealed class OnLocationChanged(IOcpiStore store, IClock clock, HolderFields holders) : IConsumer<LocationChanged>
{
    public async Task Consume(ConsumeContext<LocationChanged> context)
    {
        var now = clock.GetCurrentInstant();
        await using var session = await Feed.Open(store, context, nameof(OnLocationChanged), now);
        if (session is null)
            return;
        var key = OcpiObject.KeyFor(Modules.Locations, context.Message.CountryCode, context.Message.PartyId, context.Message.LocationId);
        var stream = await Feed.Lock(session, key, context.CancellationToken);
        var own = OwnObjects.Location(context.Message, stream.Aggregate, now);
        if (own is not null)
            await Feed.PublishChanges(session, stream, own, (sent, current) => Feed.LocationPushes(sent, current, own), holders, $"{key}/{context.MessageId}", now,
                context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>
/// Network derived a new live status of one of our EVSEs from its charger: serve it on our CPO locations sender and
/// push it to every eMSP receiver like any location change, which for a status alone is a PATCH of the EVSE with
/// <c>status</c> and <c>last_updated</c> (<see cref="SmallestPushes"/>), queued behind that location's earlier pushes.
/// </summary>
public sealed class OnEvseStatusChanged(IOcpiStore store, IClock clock, HolderFields holders) : IConsumer<EvseStatusChanged>
{
    public async Task Consume(ConsumeContext<EvseStatusChanged> context)
    {
        var now = clock.GetCurrentInstant();
        await using var session = await Feed.Open(store, context, nameof(OnEvseStatusChanged), now);
        if (session is null)
            return;
        var key = OcpiObject.KeyFor(Modules.Locations, context.Message.CountryCode, context.Message.PartyId, context.Message.LocationId);
        var stream = await Feed.Lock(session, key, context.CancellationToken);
        var own = OwnObjects.LocationWithEvseStatus(context.Message, stream.Aggregate);
        if (own is not null)
            await Feed.PublishChanges(session, stream, own, (sent, current) => Feed.LocationPushes(sent, current, own), holders, $"{key}/{context.MessageId}", now,
                context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>Charging published or removed a tariff: serve it and PUT (or DELETE) it at every eMSP receiver.</summary>
public sealed class OnTariffChanged(IOcpiStore store, IClock clock) : IConsumer<TariffChanged>
{
    public async Task Consume(ConsumeContext<TariffChanged> context)
    {
        var now = clock.GetCurrentInstant();
        await using var session = await Feed.Open(store, context, nameof(OnTariffChanged), now);
        if (session is null)
            return;
        var key = OcpiObject.KeyFor(Modules.Tariffs, context.Message.CountryCode, context.Message.PartyId, context.Message.TariffId);
        var stream = await Feed.Lock(session, key, context.CancellationToken);
        var own = OwnObjects.Tariff(context.Message, stream.Aggregate, now);
        if (own is not null)
            await Feed.Publish(session, stream, own, own.Removed ? "DELETE" : "PUT", Feed.PartyPath(own), own.Removed ? null : own.Json,
                $"{key}/{context.MessageId}", now, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>Tokens changed one of our own tokens: serve it on our eMSP tokens sender and PUT it at every CPO receiver.</summary>
public sealed class OnTokenChanged(IOcpiStore store, IClock clock, OwnPlatform ownPlatform) : IConsumer<TokenChanged>
{
    public async Task Consume(ConsumeContext<TokenChanged> context)
    {
        var now = clock.GetCurrentInstant();
        await using var session = await Feed.Open(store, context, nameof(OnTokenChanged), now);
        if (session is null)
            return;
        // The contract id stays as Tokens sent it, encrypted under the holder's key (HolderFields): partners get it
        // revealed when it is pushed or read, and forgetting the holder reaches this copy too.
        var message = context.Message;
        var key = OcpiObject.KeyFor(Modules.Tokens, message.CountryCode, message.PartyId, message.Uid, message.Type);
        var stream = await Feed.Lock(session, key, context.CancellationToken);
        var own = OwnObjects.Token(message, ownPlatform.CountryCode, ownPlatform.PartyId, stream.Aggregate, now);
        if (own is not null)
            await Feed.Publish(session, stream, own, "PUT", $"{Feed.PartyPath(own)}", own.Json, $"{key}/{context.MessageId}", now, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>
/// A session started on one of our chargers: an ACTIVE OCPI session, PUT to the platform of the token's eMSP (with a
/// broker; the embedded default hands these to <see cref="ChargingSessionFeed"/> in batches, with the progress updates).
/// </summary>
public sealed class OnChargingSessionStarted(ChargingSessionFeed feed) : IConsumer<ChargingSessionStarted>
{
    public Task Consume(ConsumeContext<ChargingSessionStarted> context) => feed.Consume([context.ToIntegrationMessage()], context.CancellationToken);
}

/// <summary>
/// A CDR was issued: the session completes with its figures (a PATCH of what changed: status, end, kwh, total_cost, the
/// charging periods; a PUT when the eMSP never got the session), and the CDR is POSTed once to the token's eMSP platform.
/// </summary>
public sealed class OnCdrIssued(IOcpiStore store, IClock clock, HolderFields holders) : IConsumer<CdrIssued>
{
    public async Task Consume(ConsumeContext<CdrIssued> context)
    {
        if (context.Message.CdrJson is null)
            return;
        var now = clock.GetCurrentInstant();
        await using var session = await Feed.Open(store, context, nameof(OnCdrIssued), now);
        if (session is null)
            return;
        // Charging sends the cdr_token's contract id encrypted under the holder's key: the CDR and the session keep it so.
        var cdrJson = JsonNode.Parse(context.Message.CdrJson)!.AsObject();
        var sessionKey = OcpiObject.KeyFor(Modules.Sessions, context.Message.CountryCode, context.Message.PartyId, context.Message.SessionId);
        var cdr = OwnObjects.Cdr(context.Message, cdrJson, now);
        // Locked: the session's start and progress (ChargingSessionFeed) append to its stream at the same moment (StreamLocks).
        var locked = await session.FetchAllForExclusiveWriting<OcpiObject>([sessionKey, cdr.Id], context.CancellationToken);
        var completed = OwnObjects.CompletedSession(cdrJson, locked[sessionKey].Aggregate, now);
        await Feed.PublishChanges(session, locked[sessionKey], completed, (sent, current) => Feed.SessionPushes(sent, current, completed), holders, $"{completed.Id}/completed", now,
            context.CancellationToken);
        if (locked[cdr.Id].Aggregate is null)
            await Feed.Publish(session, locked[cdr.Id], cdr, "POST", "", cdr.Json, cdr.Id, now, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>How to reach the charger of one of our sessions (STOP_SESSION addresses a session id).</summary>
public sealed record SessionRoute(string Id, string ChargePointId, string TransactionId, string LocationId, string EvseUid, string ConnectorId);
