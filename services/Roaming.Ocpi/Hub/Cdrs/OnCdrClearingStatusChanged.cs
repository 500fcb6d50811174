using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Ocpi.Hub.Broadcast;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Hub.Cdrs;

/// <summary>
/// A CDR clearing accepted (or accepted again as revised) reaches its e-MSP's OCPI platform: kept as a hub CDR (listed on
/// the hub's cdrs sender for the e-MSP's parties) and POSTed through the delivery queue to the platform's cdrs receiver,
/// FROM the CPO party, TO the e-MSP party; the queue retries for days while the platform is offline, and a platform that
/// registers later reads it from the list. An OCHP CPO's CDR is mapped by the bridge; one that cannot be mapped is logged and
/// its problem kept on <see cref="HubCdrClearing"/>. Idempotent: an inbox of handled messages, and one delivery per platform and CDR version.
/// </summary>
public sealed class OnCdrClearingStatusChanged(IOcpiStore store, HolderFields holders, IClock clock, ILogger<OnCdrClearingStatusChanged> logger)
    : IConsumer<CdrClearingStatusChanged>
{
    public async Task Consume(ConsumeContext<CdrClearingStatusChanged> context)
    {
        var change = context.Message;
        var cancellation = context.CancellationToken;
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(new EventContext(change.Actor, now, context.CorrelationId?.ToString(), context.MessageId?.ToString()));
        if (!await session.TryMarkHandled(nameof(OnCdrClearingStatusChanged), context.MessageId, now, cancellation))
            return;
        var current = await session.LoadAsync<HubCdrClearing>(HubCdrClearing.IdOf(change.OperatorId, change.CdrId), cancellation);
        var decision = HubCdrRelease.Decide(current, change);
        var next = decision.Next;
        if (decision.Release is { } facts && next.ProviderId is { } provider)
        {
            var (json, problems) = await OcpiDocument(facts, change.At, cancellation);
            if (json is not null)
                await Release(session, json, provider, change.At, cancellation);
            else
                logger.LogError("CDR {CdrId} ({Protocol}) accepted for e-MSP {Provider} cannot be given to OCPI platforms: {Problems}", facts.CdrId,
                    facts.Protocol, provider, string.Join("; ", problems));
            next = next with { Problem = problems.Count == 0 ? null : string.Join("; ", problems) };
        }
        session.Store(next);
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>The CDR as OCPI 2.2.1 JSON: as the CPO pushed it, or mapped from the OCHP CDR by the bridge.</summary>
    private async Task<OcpiCdrDocument> OcpiDocument(CdrForClearing facts, Instant at, CancellationToken cancellation) => facts.Protocol switch
    {
        OcpiCdrForClearing.Protocol => new OcpiCdrDocument(facts.Document, []),
        OchpCdrForOcpi.Protocol => OchpCdrForOcpi.Map(facts, await OchpCdrForOcpi.PositionOf(store, facts.EvseId, cancellation), at),
        _ => new OcpiCdrDocument(null, [$"no mapping from {facts.Protocol} to OCPI 2.2.1"]),
    };

    private async Task Release(Marten.IDocumentSession session, string json, string provider, Instant at, CancellationToken cancellation)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var address = ReceiveCdr.AddressOf(root);
        var lastUpdated = ReceivedObjects.Text(root, "last_updated") is { } text && OcpiDateTime.TryParse(text) is { } stated ? stated : at;
        var key = HubObject.KeyFor(Modules.Cdrs, address.CountryCode, address.PartyId, address.ObjectId);
        var existing = await session.LoadAsync<HubObject>(key, cancellation);
        var hubObject = new HubObject(key, Modules.Cdrs, address.CountryCode.ToUpperInvariant(), address.PartyId.ToUpperInvariant(), address.ObjectId,
            "", await holders.Protect(Modules.Cdrs, json, cancellation), lastUpdated, existing?.FirstStoredAt ?? clock.GetCurrentInstant(), provider);
        await HubFanOut.StoreAndQueue(session, hubObject, HubObjectSources.Clearing, "clearing", null, clock.GetCurrentInstant(), cancellation);
    }
}
