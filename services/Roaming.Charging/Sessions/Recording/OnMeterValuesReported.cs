using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using Roaming.Charging.Cdrs.Issuing;
using Roaming.Platform.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Charging.Sessions.Recording;

/// <summary>Meter samples of a running session. Samples arriving after the session ended do not reopen it.</summary>
public sealed class OnMeterValuesReported(IChargingStore store, IClock clock, IOptions<RoamingOptions> roaming, ILogger<OnMeterValuesReported> logger)
    : IConsumer<MeterValuesReported>
{
    public async Task Consume(ConsumeContext<MeterValuesReported> context)
    {
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(EventContext.Message("charging", context.MessageId, context.CorrelationId?.ToString(), now));
        if (!await session.TryMarkHandled(nameof(OnMeterValuesReported), context.MessageId, now, context.CancellationToken))
            return;
        var id = ChargingSession.IdFor(context.Message.ChargePointId, context.Message.TransactionId);
        var charging = await session.LoadAsync<ChargingSession>(id, context.CancellationToken);
        if (charging is null || charging.Ended is not null)
        {
            logger.LogInformation("Meter values for {Transaction} of {ChargePoint} without an open session were kept as evidence only",
                context.Message.TransactionId, context.Message.ChargePointId);
        }
        else
        {
            var recorded = new MeterSamplesRecorded(id,
                context.Message.Samples.Select(s => new MeterSampleRecorded(s.ReportedAt, s.Measurand, s.Phase, s.Context, s.Value, s.Unit, s.SignedData)).ToList(),
                context.Message.ReceivedAt);
            session.Events.Append(id, recorded);
            if (await Progress(session, ChargingSession.Fold(charging, recorded), recorded, context.CancellationToken) is { } progressed)
                session.Events.Append(id, progressed);
        }
        await session.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>The running session's kWh and cost so far, when the samples carried an energy register reading (else nothing changed).</summary>
    private async Task<SessionProgressed?> Progress(IQuerySession session, ChargingSession charging, MeterSamplesRecorded recorded, CancellationToken cancellation)
    {
        var reading = recorded.Samples.Where(s => s.Measurand == "Energy.Active.Import.Register" && s.Phase is null && s.Value is not null)
            .OrderBy(s => s.At).LastOrDefault();
        if (reading is null)
            return null;
        var inputs = await CdrInputsLoader.Load(session, charging, roaming.Value.DefaultCurrency, cancellation);
        var priced = inputs is null ? null : CdrIssuer.PriceSoFar(inputs);
        return new SessionProgressed(charging.Id, charging.Started.CountryCode, charging.Started.PartyId, charging.EnergyKwh, priced?.Currency,
            priced?.TotalCost, priced?.ChargingPeriods, Instant.Max(reading.At, charging.Started.StartedAt));
    }
}

/// <summary>Connector status during a session separates charging time from parking time (Charging vs SuspendedEV/Finishing).</summary>
public sealed class OnConnectorStatusChanged(IChargingStore store, IClock clock) : IConsumer<ConnectorStatusChanged>
{
    public async Task Consume(ConsumeContext<ConnectorStatusChanged> context)
    {
        if (context.Message.TransactionId is null)
            return;
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(EventContext.Message("charging", context.MessageId, context.CorrelationId?.ToString(), now));
        if (!await session.TryMarkHandled(nameof(OnConnectorStatusChanged), context.MessageId, now, context.CancellationToken))
            return;
        var id = ChargingSession.IdFor(context.Message.ChargePointId, context.Message.TransactionId);
        var charging = await session.LoadAsync<ChargingSession>(id, context.CancellationToken);
        if (charging is { Ended: null })
            session.Events.Append(id, new ConnectorStatusRecorded(id, context.Message.Status, context.Message.ReportedAt, context.Message.ReceivedAt));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
