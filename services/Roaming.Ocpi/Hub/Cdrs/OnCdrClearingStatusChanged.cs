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
/// registers later reads it from the list. Idempotent: an inbox of handled messages, and one delivery per platform and CDR version.
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
        session.Store(decision.Next);
        if (decision.Release is { } facts && decision.Next.ProviderId is { } provider && OcpiDocument(facts) is { } json)
            await Release(session, json, provider, change.At, cancellation);
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>The CDR as OCPI 2.2.1 JSON: the document as the CPO pushed it; an OCHP CDR waits for the bridge's mapping.</summary>
    private string? OcpiDocument(CdrForClearing facts)
    {
        if (facts.Protocol == OcpiCdrForClearing.Protocol)
            return facts.Document;
        // TODO(bridge): map OCHP CDRInfo → OCPI CDR with contracts/Roaming.Protocols.Bridge once it lands on main.
        logger.LogWarning("CDR {CdrId} ({Protocol}) accepted for an OCPI e-MSP: no mapping to OCPI yet, not sent", facts.CdrId, facts.Protocol);
        return null;
    }

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
