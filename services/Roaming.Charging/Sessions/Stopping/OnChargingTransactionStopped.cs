using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Charging.Authorizations;
using Roaming.Charging.Cdrs.Issuing;
using Roaming.Charging.Locations;
using Roaming.Charging.Tariffs;
using Roaming.Contracts.Ingest.V1;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Charging.Sessions.Stopping;

/// <summary>A charger stopped a transaction: end the session and issue its CDR, in one transaction.</summary>
public sealed class OnChargingTransactionStopped(IChargingStore store, IClock clock, IOptions<RoamingOptions> roaming,
    ILogger<OnChargingTransactionStopped> logger) : IConsumer<ChargingTransactionStopped>
{
    public static SessionEnded? Decide(ChargingSession? session, ChargingTransactionStopped stopped) =>
        session is null || session.Ended is not null
            ? null
            : new SessionEnded(session.Id, stopped.MeterStopWh, stopped.ReportedAt, stopped.ReceivedAt, stopped.Reason,
                stopped.MeterWentBackwards || stopped.MeterStopWh < session.Started.MeterStartWh, stopped.ClosedBySweep);

    public async Task Consume(ConsumeContext<ChargingTransactionStopped> context)
    {
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(EventContext.Message("charging", context.MessageId, context.CorrelationId?.ToString(), now));
        if (!await session.TryMarkHandled(nameof(OnChargingTransactionStopped), context.MessageId, now, context.CancellationToken))
            return;
        var id = ChargingSession.IdFor(context.Message.ChargePointId, context.Message.TransactionId);
        var charging = await session.LoadAsync<ChargingSession>(id, context.CancellationToken);
        var ended = Decide(charging, context.Message);
        if (ended is null)
        {
            logger.LogInformation("Stop of {Transaction} at {ChargePoint} has no open session (orphan or repeated stop)",
                context.Message.TransactionId, context.Message.ChargePointId);
        }
        else
        {
            session.Events.Append(id, ended);
            var inputs = await CdrInputsLoader.Load(session, ChargingSession.Fold(charging!, ended), roaming.Value.DefaultCurrency, context.CancellationToken);
            if (inputs is null)
                logger.LogError("Session {Session} ended but its location {Location} is unknown to Charging; no CDR issued",
                    id, charging!.Started.LocationId);
            else
            {
                var issued = CdrIssuer.Issue(inputs, now);
                session.Events.StartStream(issued.CdrId, issued);
            }
        }
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
