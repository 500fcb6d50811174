using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Pushing;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Ocpi.Feeding;

/// <summary>
/// Applies Charging's running-session messages (<see cref="ChargingSessionStarted"/>, <see cref="ChargingSessionProgressed"/>)
/// to our OCPI sessions, many per commit: one inbox query, one load of the session objects they touch (and of the
/// tokens of the new ones), the partners and what each was last sent loaded once, one commit. Messages are applied in
/// the order given, each to the object its predecessors left, and each push is still the smallest change from what that
/// partner was last sent, so a batch plans exactly the deliveries its messages one by one would (a batch of one is the
/// per-message path). Both types go through here so that a session's start is never applied after its progress (the
/// outbox hands a page to batch consumers before the per-message ones); <see cref="OnCdrIssued"/> stays per message and
/// runs after them.
/// </summary>
public sealed class ChargingSessionFeed(IOcpiStore store, IClock clock, OwnPlatform ownPlatform, IOptions<RoamingOptions> roaming,
    HolderFields holders) : IIntegrationBatchConsumer
{
    public bool Handles(Type messageType) => messageType == typeof(ChargingSessionStarted) || messageType == typeof(ChargingSessionProgressed);

    /// <summary>The inbox names of the per-message consumers, so both paths deduplicate against each other.</summary>
    public static string InboxConsumerOf(Type messageType) =>
        messageType == typeof(ChargingSessionStarted) ? nameof(OnChargingSessionStarted)
        : messageType == typeof(ChargingSessionProgressed) ? nameof(OnChargingSessionProgressed)
        : throw new ArgumentOutOfRangeException(nameof(messageType), messageType, "not a running-session message");

    public async Task Consume(IReadOnlyList<IntegrationMessage> messages, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        // Identity map: the inline OcpiObject projection folds onto the objects loaded here (OcpiModule, UseIdentityMapForAggregates).
        await using var session = store.IdentitySession();
        var fresh = await session.MarkUnhandled(messages, InboxConsumerOf, now, cancellationToken);
        if (fresh.Count == 0)
            return;

        var keys = fresh.Select(m => KeyOf(m.Message)).Distinct().ToArray();
        // Locked: OnCdrIssued completes these sessions at the same moment, from the session as it is now (StreamLocks).
        var streams = await session.FetchAllForExclusiveWriting<OcpiObject>(keys, cancellationToken);
        var objects = streams.Values.Select(s => s.Aggregate).OfType<OcpiObject>().ToDictionary(o => o.Id);
        var tokens = await TokensOf(session, fresh.Select(m => m.Message).OfType<ChargingSessionStarted>(), cancellationToken);
        var partners = await DeliveryPlanner.Partners(session, cancellationToken);
        var sent = partners.Count == 0 ? [] : await Feed.SentVersions(session, keys, cancellationToken);
        var deliveries = new List<Delivery>();
        for (var i = 0; i < fresh.Count; i++)
        {
            var message = fresh[i];
            // One tick apart: the delivery worker sends oldest first, so a session's pushes keep the order of its messages.
            var plannedAt = now + Duration.FromTicks(i);
            var key = KeyOf(message.Message);
            OcpiObject? own;
            string dedupeKey;
            switch (message.Message)
            {
                case ChargingSessionStarted when objects.GetValueOrDefault(key) is { } existing
                                                  && JsonNode.Parse(existing.Json) is JsonObject stored && !OnChargingSessionProgressed.IsActive(stored):
                    // The session already ended (its CDR was handled first: a start replayed after it was parked, or
                    // queues that delivered out of order); an ACTIVE copy would undo the completion at every partner.
                    continue;
                case ChargingSessionStarted started:
                    var token = started.TokenUid is null ? null : tokens.GetValueOrDefault(started.TokenUid);
                    own = OwnObjects.ActiveSession(started, OwnObjects.ReferenceOf(token, started.TokenUid, ownPlatform.CountryCode, ownPlatform.PartyId),
                        roaming.Value.DefaultCurrency, plannedAt);
                    session.Store(new SessionRoute(own.ObjectId, started.ChargePointId, started.TransactionId, started.LocationId, started.EvseUid,
                        started.ConnectorId));
                    dedupeKey = $"{own.Id}/started";
                    break;
                case ChargingSessionProgressed progressed:
                    own = OnChargingSessionProgressed.Progressed(objects.GetValueOrDefault(key), progressed);
                    dedupeKey = $"{key}/{message.MessageId}";
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(messages), message.Message.GetType(), "not a running-session message");
            }
            if (own is null)
                continue;
            objects[own.Id] = own;
            streams[own.Id].AppendOne(session.Stamped(new OcpiObjectStored(own, "service"),
                EventContext.Message("ocpi", message.MessageId, message.CorrelationId, now)));
            deliveries.AddRange(await Feed.PlanChanges(session, own, DeliveryPlanner.Receivers(partners, own).ToList(), sent,
                (before, current) => Feed.SessionPushes(before, current, own), holders, dedupeKey, plannedAt, cancellationToken));
        }
        await DeliveryPlanner.Store(session, deliveries, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The stored token of each uid (any party, as the per-message path looked it up), one query.</summary>
    private static async Task<IReadOnlyDictionary<string, OcpiObject>> TokensOf(IQuerySession session, IEnumerable<ChargingSessionStarted> started,
        CancellationToken cancellation)
    {
        var uids = started.Select(s => s.TokenUid).OfType<string>().Distinct().ToArray();
        if (uids.Length == 0)
            return new Dictionary<string, OcpiObject>();
        var found = await session.Query<OcpiObject>().Where(o => o.Module == Modules.Tokens && o.ObjectId.IsOneOf(uids)).ToListAsync(cancellation);
        return found.GroupBy(o => o.ObjectId).ToDictionary(g => g.Key, g => g.First());
    }

    private static string KeyOf(object message) => message switch
    {
        ChargingSessionStarted m => OcpiObject.KeyFor(Modules.Sessions, m.CountryCode, m.PartyId, m.SessionId),
        ChargingSessionProgressed m => OcpiObject.KeyFor(Modules.Sessions, m.CountryCode, m.PartyId, m.SessionId),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.GetType(), "not a running-session message"),
    };
}
