using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Contracts.Network.V1;
using Roaming.Protocols.Bridge;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Ochp.Client.LiveStatus;

/// <summary>
/// An EVSE of ours changed status: queue its OCHP live status for <see cref="UploadEvseStatusJob"/> (a few seconds),
/// unless it is older than the one queued (a late message never overwrites a newer status) or shows nothing new.
/// </summary>
public sealed class OnEvseStatusChangedForClearingHouse(IOchpStore store, IOptions<OchpClientOptions> options, IClock clock, ILogger<OnEvseStatusChangedForClearingHouse> logger)
    : IConsumer<EvseStatusChanged>
{
    public async Task Consume(ConsumeContext<EvseStatusChanged> context)
    {
        var message = context.Message;
        if (!options.Value.IsEnabled || options.Value.Cpo is null)
            return;
        if (!EvseId.TryParse(message.EvseId, out var evseId))
        {
            logger.LogInformation("EVSE {EvseUid} of location {LocationId} has no EVSE-ID: its status is not sent over OCHP", message.EvseUid, message.LocationId);
            return;
        }
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession()
            .Stamp(EventContext.Message("ochp", context.MessageId, context.CorrelationId?.ToString(), now));
        if (!await session.TryMarkHandled(nameof(OnEvseStatusChangedForClearingHouse), context.MessageId, now, context.CancellationToken))
            return;
        var stream = OwnEvseStatus.StreamFor(evseId.Normalised);
        // Locked: the upload job records what it sent to this stream at any moment (StreamLocks says why).
        var locked = await session.Events.FetchForExclusiveWriting<OwnEvseStatus>(stream, context.CancellationToken);
        var before = locked.Aggregate;
        var (major, minor) = OcpiEvseStatusToOchpStatus.Map(message.Status);
        if (before is not null && (before.ReportedAt > message.ReportedAt || (before.Major == major && before.Minor == minor)))
            return;
        locked.AppendOne(new OwnEvseStatusQueued(message.EvseId!, message.Status, major, minor, message.ReportedAt, now));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
