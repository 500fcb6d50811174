using System.Text.Json.Nodes;
using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Contracts.Validation;
using Roaming.Ochp.Datasets;
using Roaming.Ochp.Participants;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Platform.Sealing.Shredding;
using Roaming.Protocols.Ocpi;
using Roaming.Protocols.Ocpi.Locations;
using Roaming.Protocols.Ocpi.Tariffs;
using Roaming.Protocols.Ocpi.Tokens;
using DatasetNames = Roaming.Ochp.Datasets.Datasets;

namespace Roaming.Ochp.Bridge.ReceivingFromOcpi;

/// <summary>
/// An OCPI participant's token, location or tariff reached the hub (<see cref="HubObjectReceived"/>): the bridge stores
/// its OCHP form in the participant's datasets (<see cref="OcpiObjectsInOchp"/>), so connected OCHP participants read it
/// through the usual exchanges. What cannot be expressed in OCHP is recorded with the reasons (<see cref="ObjectNotBridged"/>)
/// and logged, never dropped silently; an older version than the one bridged (or than its removal, <see cref="OnHubObjectRemoved"/>),
/// or a message seen before, changes nothing.
/// </summary>
public sealed class OnHubObjectReceived(IOchpStore store, SubjectKeyVault vault, IOptions<OchpOptions> options, IClock clock,
    ILogger<OnHubObjectReceived> logger) : IConsumer<HubObjectReceived>
{
    public async Task Consume(ConsumeContext<HubObjectReceived> context)
    {
        var message = context.Message;
        var cancellation = context.CancellationToken;
        var now = clock.GetCurrentInstant();
        var owner = $"{message.CountryCode}*{message.PartyId}".ToUpperInvariant();
        await using var session = store.LightweightSession().Stamp(new EventContext(message.Actor, now, context.CorrelationId?.ToString(), context.MessageId?.ToString()));
        if (!await session.TryMarkHandled(nameof(OnHubObjectReceived), context.MessageId, now, cancellation))
            return;
        var known = await session.LoadAsync<BridgedObject>(BridgedObject.IdOf(BridgeDirections.OcpiToOchp, message.Module, owner, message.ObjectId), cancellation);
        // A version not newer than the one bridged changes nothing; nor does one last updated before its owner removed the
        // object (messages may be handled out of order): a tariff re-created later carries a later last_updated.
        if (known is { State: BridgedObject.Bridged or BridgedObject.Removed } && known.At >= message.LastUpdated)
        {
            await session.SaveChangesAsync(cancellation);
            return;
        }
        var participant = await session.LoadAsync<OchpParticipant>(message.ParticipantId, cancellation);
        var chargePoints = message.Module == HubObjectModules.Locations
            ? await session.Events.FetchForExclusiveWriting<ParticipantDataset>(DatasetNames.StreamKey(DatasetNames.ChargePoints, message.ParticipantId), cancellation)
            : null;
        var inOchp = participant is null
            ? OcpiObjectInOchp.Refused([$"participant {message.ParticipantId} is not known to the OCHP service yet"])
            : await Decide(message, participant, chargePoints?.Aggregate?.Entries.Values.AsEnumerable() ?? [], now, cancellation);

        foreach (var (dataset, entries) in inOchp.Entries)
        {
            var bridged = new OcpiObjectBridged(message.ParticipantId, dataset, message.Module, owner, message.ObjectId, entries, message.LastUpdated);
            if (dataset == DatasetNames.ChargePoints && chargePoints is not null)
                chargePoints.AppendOne(bridged);
            else
                (await session.Events.FetchForExclusiveWriting<ParticipantDataset>(DatasetNames.StreamKey(dataset, message.ParticipantId), cancellation)).AppendOne(bridged);
        }
        if (inOchp.Problems.Count > 0)
        {
            session.Events.Append(BridgeDirections.RefusalsStreamOf(message.Module, owner, message.ObjectId),
                new ObjectNotBridged(BridgeDirections.OcpiToOchp, message.ParticipantId, message.Module, owner, message.ObjectId, inOchp.Problems, now, Partly: !inOchp.IsRefused));
            logger.LogWarning("OCPI {Module} {Id} of {Owner} {Outcome} for OCHP participants: {Problems}", message.Module, message.ObjectId, owner,
                inOchp.IsRefused ? "not bridged" : "partly bridged", string.Join("; ", inOchp.Problems));
        }
        await session.SaveChangesAsync(cancellation);
    }

    private async Task<OcpiObjectInOchp> Decide(HubObjectReceived message, OchpParticipant participant, IEnumerable<ReceivedEntry> knownChargePoints,
        Instant now, CancellationToken cancellation)
    {
        var errors = new FieldErrors();
        switch (message.Module)
        {
            case HubObjectModules.Tokens:
                var token = OcpiJson.Deserialize<Token>(await Revealed(message.ObjectJson, cancellation), errors);
                return token is null ? Unreadable(errors) : OcpiObjectsInOchp.Token(token, participant, now, options.Value.TokenValidity);
            case HubObjectModules.Locations:
                var location = OcpiJson.Deserialize<Location>(message.ObjectJson, errors);
                return location is null ? Unreadable(errors) : OcpiObjectsInOchp.Location(location, participant, knownChargePoints, now);
            case HubObjectModules.Tariffs:
                var tariff = OcpiJson.Deserialize<Tariff>(message.ObjectJson, errors);
                return tariff is null ? Unreadable(errors) : OcpiObjectsInOchp.Tariff(tariff, participant, now);
            default:
                return OcpiObjectInOchp.Refused([$"module {message.Module} has no OCHP form"]);
        }
    }

    /// <summary>The token with its holder fields (protected by the hub under the contract's key) in clear: OCHP lists carry them so.</summary>
    private async Task<string> Revealed(string tokenJson, CancellationToken cancellation)
    {
        if (JsonNode.Parse(tokenJson) is not JsonObject token)
            return tokenJson;
        foreach (var field in new[] { "contract_id", "visual_number" })
        {
            if (token[field] is JsonValue value && value.TryGetValue<string>(out var text))
                token[field] = await vault.Reveal(text, cancellation);
        }
        return token.ToJsonString();
    }

    private static OcpiObjectInOchp Unreadable(FieldErrors errors) =>
        OcpiObjectInOchp.Refused([$"the OCPI object does not read: {string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))}"]);
}
