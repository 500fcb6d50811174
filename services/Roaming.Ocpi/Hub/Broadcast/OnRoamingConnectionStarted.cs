using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Ocpi.Objects;
using Roaming.Platform.Marten;

namespace Roaming.Ocpi.Hub.Broadcast;

/// <summary>
/// A roaming connection started: each side's platforms get what the other side broadcast before (the operator's locations
/// and tariffs to the provider's platforms, the provider's tokens to the operator's), through the delivery queue, in
/// batches. A version a platform was already sent is not sent again (the same delivery id), so a connection that ends and
/// starts again sends only what changed meanwhile, and a redelivered message (or one cut off midway) queues nothing twice.
/// </summary>
public sealed class OnRoamingConnectionStarted(IOcpiStore store, IClock clock, ILogger<OnRoamingConnectionStarted> logger) : IConsumer<RoamingConnectionStarted>
{
    private const int Batch = 500;

    public async Task Consume(ConsumeContext<RoamingConnectionStarted> context)
    {
        var message = context.Message;
        var cancellation = context.CancellationToken;
        var now = clock.GetCurrentInstant();
        var operatorId = message.OperatorId.ToUpperInvariant();
        var providerId = message.ProviderId.ToUpperInvariant();
        await using var session = store.LightweightSession().Stamp(new EventContext("clearing", now, context.CorrelationId?.ToString(), context.MessageId?.ToString()));
        var (platforms, participants) = await HubFanOut.Platforms(session, cancellation);
        var queued = 0;
        foreach (var (module, owner, party) in new[]
                 {
                     (Modules.Locations, operatorId, providerId), (Modules.Tariffs, operatorId, providerId), (Modules.Tokens, providerId, operatorId),
                 })
        {
            for (var page = 0; ; page++)
            {
                var objects = await session.Query<HubObject>().Where(o => o.Module == module && o.Party == owner)
                    .OrderBy(o => o.Id).Skip(page * Batch).Take(Batch).ToListAsync(cancellation);
                if (objects.Count == 0)
                    break;
                queued += await HubFanOut.QueueFor(session, objects, [party], platforms, participants, now, cancellation);
                await session.SaveChangesAsync(cancellation);
            }
        }
        await session.SaveChangesAsync(cancellation);
        if (queued > 0)
            logger.LogInformation("Connection {Operator} - {Provider} started: {Count} kept objects queued for the newly connected platforms", operatorId,
                providerId, queued);
    }
}
