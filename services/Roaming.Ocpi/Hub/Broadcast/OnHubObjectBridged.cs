using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Objects.Receiving;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Ocpi.Hub.Broadcast;

/// <summary>
/// An OCHP participant's object, mapped to OCPI by the bridge: kept as a hub object (served on the hub's sender lists) and
/// delivered to the connected OCPI platforms exactly like a broadcast. An older or the same version than the one kept
/// changes nothing (a redelivered message plans no second delivery); an object failing OCPI's rules is a bridge bug: logged, not sent.
/// A location also releases the CPO's OCHP CDRs that waited for their EVSE's position.
/// </summary>
public sealed class OnHubObjectBridged(IOcpiStore store, HolderFields holders, Cdrs.HubCdrReleases cdrs, IClock clock, ILogger<OnHubObjectBridged> logger)
    : IConsumer<HubObjectBridged>
{
    public async Task Consume(ConsumeContext<HubObjectBridged> context)
    {
        var message = context.Message;
        var cancellation = context.CancellationToken;
        if (!ReceiveBroadcast.Handles(message.Module))
        {
            logger.LogError("Bridged {Module} object {Id} of {Cc}*{Pid} ignored: the hub broadcasts locations, tokens and tariffs only", message.Module,
                message.ObjectId, message.CountryCode, message.PartyId);
            return;
        }
        using var document = JsonDocument.Parse(message.ObjectJson);
        if (ReceiveBroadcast.RulesOf(message.Module)(document.RootElement) is { IsValid: false } errors)
        {
            logger.LogError("Bridged {Module} object {Id} of {Cc}*{Pid} breaks OCPI's rules, not delivered: {Errors}", message.Module, message.ObjectId,
                message.CountryCode, message.PartyId, ReceivedObjects.Describe(errors));
            return;
        }
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(new EventContext(message.Actor, now, context.CorrelationId?.ToString(), context.MessageId?.ToString()));
        if (!await session.TryMarkHandled(nameof(OnHubObjectBridged), context.MessageId, now, cancellation))
            return;
        var countryCode = message.CountryCode.ToUpperInvariant();
        var partyId = message.PartyId.ToUpperInvariant();
        var tokenType = message.Module == Modules.Tokens ? ReceivedObjects.Text(document.RootElement, "type")?.ToUpperInvariant() : null;
        var key = HubObject.KeyFor(message.Module, countryCode, partyId, message.ObjectId, tokenType);
        var stream = await HubFanOut.Lock(session, key, cancellation);
        var existing = stream.Aggregate;
        if (existing is not null && existing.LastUpdated >= message.LastUpdated)
        {
            await session.SaveChangesAsync(cancellation);
            return;
        }
        var hubObject = new HubObject(key, message.Module, countryCode, partyId, message.ObjectId, message.ParticipantId,
            await holders.Protect(message.Module, message.ObjectJson, cancellation), message.LastUpdated, existing?.FirstStoredAt ?? now);
        await HubFanOut.StoreAndQueue(session, stream, hubObject, HubObjectSources.Ochp, message.Actor, message.ToParty, now, cancellation);
        await session.SaveChangesAsync(cancellation);
        // The CPO's charge points are where its OCHP CDRs get their position: those waiting for it go now.
        if (message.Module == Modules.Locations)
        {
            await cdrs.RetryWaiting(session, hubObject.Party, cancellation);
            await session.SaveChangesAsync(cancellation);
        }
    }
}
