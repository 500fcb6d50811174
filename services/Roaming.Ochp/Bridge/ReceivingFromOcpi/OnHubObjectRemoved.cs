using MassTransit;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Ochp.Datasets;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using DatasetNames = Roaming.Ochp.Datasets.Datasets;

namespace Roaming.Ochp.Bridge.ReceivingFromOcpi;

/// <summary>
/// An OCPI participant removed a tariff through the hub (<see cref="HubObjectRemoved"/>): the bridge takes the OCHP tariff
/// it made of it out of the participant's tariff dataset (<see cref="OcpiObjectRemoved"/>, under the dataset's lock like
/// <see cref="OnHubObjectReceived"/>), so OCHP e-MSPs no longer get it from GetTariffUpdates. OCHP 1.4 has no message
/// for a removed tariff: an e-MSP reading all tariffs (no <c>lastUpdate</c>) no longer finds it, one reading updates only
/// learns nothing and keeps its copy until its next full read. A message seen before, or for a tariff never bridged,
/// changes nothing.
/// </summary>
public sealed class OnHubObjectRemoved(IOchpStore store, IClock clock, ILogger<OnHubObjectRemoved> logger) : IConsumer<HubObjectRemoved>
{
    public async Task Consume(ConsumeContext<HubObjectRemoved> context)
    {
        var message = context.Message;
        var cancellation = context.CancellationToken;
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(new EventContext(message.Actor, now, context.CorrelationId?.ToString(), context.MessageId?.ToString()));
        if (!await session.TryMarkHandled(nameof(OnHubObjectRemoved), context.MessageId, now, cancellation))
            return;
        var owner = $"{message.CountryCode}*{message.PartyId}".ToUpperInvariant();
        // Only tariffs are removed through the hub (OCPI has no DELETE for locations or tokens); an owner that is no
        // Operator-ID never had a tariff bridged.
        if (message.Module != HubObjectModules.Tariffs || !OperatorId.TryParse(owner, out var operatorId))
        {
            logger.LogInformation("OCPI {Module} {Id} of {Owner} removed through the hub: nothing of it is bridged to OCHP", message.Module, message.ObjectId, owner);
            await session.SaveChangesAsync(cancellation);
            return;
        }

        var tariffs = await session.Events.FetchForExclusiveWriting<ParticipantDataset>(DatasetNames.StreamKey(DatasetNames.Tariffs, message.ParticipantId), cancellation);
        var key = OcpiObjectsInOchp.TariffKey(operatorId, message.ObjectId);
        IReadOnlyList<string> present = tariffs.Aggregate?.Entries.ContainsKey(key) == true ? [key] : [];
        tariffs.AppendOne(new OcpiObjectRemoved(message.ParticipantId, DatasetNames.Tariffs, message.Module, owner, message.ObjectId, present, message.At));
        await session.SaveChangesAsync(cancellation);
        logger.LogInformation("OCPI tariff {Id} of {Owner} removed through the hub: {Outcome} for OCHP participants", message.ObjectId, owner,
            present.Count > 0 ? $"OCHP tariff {key} withdrawn" : "it was not bridged, nothing withdrawn");
    }
}
