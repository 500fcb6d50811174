using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Settlement.Reimbursement.Closing;
using Roaming.Settlement.Reimbursement.Employees;
using Roaming.Settlement.Reimbursement.Employers;

namespace Roaming.Settlement.Reimbursement.Sessions;

/// <summary>
/// Follows Ingest's transactions on the charge points registered as an employee's home charger: the start (meter start,
/// charger time), the energy register readings and signed meter values in between, and the stop. Transactions of other
/// charge points are ignored. Each message is handled once (inbox).
/// </summary>
public sealed class OnHomeChargerTransaction(ISettlementStore store, IClock clock, ILogger<OnHomeChargerTransaction> logger)
    : IConsumer<ChargingTransactionStarted>, IConsumer<MeterValuesReported>, IConsumer<ChargingTransactionStopped>
{
    private const string Consumer = "settlement-home-charger";

    /// <summary>OCPP's energy register measurand (the default when a sample names none).</summary>
    private const string EnergyRegister = "Energy.Active.Import.Register";

    /// <summary>The readings and signed values of a MeterValues message worth keeping: register values in Wh, any signed data.</summary>
    public static HomeTransactionMetered? Metered(string key, MeterValuesReported reported)
    {
        var readings = reported.Samples
            .Where(s => s.Value is not null && (s.Measurand is EnergyRegister or "") && s.Phase is null)
            .Select(s => new RegisterReading(s.ReportedAt, s.Unit.Equals("kWh", StringComparison.OrdinalIgnoreCase) ? s.Value!.Value * 1000m : s.Value!.Value))
            .ToList();
        var signed = reported.Samples.Where(s => !string.IsNullOrEmpty(s.SignedData)).Select(s => s.SignedData!).Distinct().ToList();
        return readings.Count + signed.Count == 0 ? null : new HomeTransactionMetered(key, readings, signed, reported.ReceivedAt);
    }

    public async Task Consume(ConsumeContext<ChargingTransactionStarted> context)
    {
        var started = context.Message;
        await using var session = Open(context, started.ChargePointId);
        if (await session.LoadAsync<HomeChargingClaim>(HomeChargingClaim.IdOf(HomeChargingClaimKinds.ChargePoint, started.ChargePointId), context.CancellationToken)
            is not { } claim)
            return;
        if (!await session.TryMarkHandled(Consumer, context.MessageId, clock.GetCurrentInstant(), context.CancellationToken))
            return;
        var key = HomeSession.TransactionKey(started.ChargePointId, started.TransactionId);
        if (await session.Events.FetchStreamStateAsync(key, context.CancellationToken) is not null)
            return;
        session.Events.StartStream<HomeSession>(key, new HomeTransactionStarted(key, claim.EmployerId, claim.EmployeeId, started.ChargePointId,
            started.TransactionId, started.MeterStartWh, started.ReportedAt, started.ReceivedAt));
        await session.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Home charging of employee {Employee} ({Employer}) started on {ChargePoint}", claim.EmployeeId, claim.EmployerId, started.ChargePointId);
    }

    public async Task Consume(ConsumeContext<MeterValuesReported> context)
    {
        var key = HomeSession.TransactionKey(context.Message.ChargePointId, context.Message.TransactionId);
        if (Metered(key, context.Message) is not { } metered)
            return;
        await Append(context, context.Message.ChargePointId, key, metered);
    }

    public async Task Consume(ConsumeContext<ChargingTransactionStopped> context)
    {
        var stopped = context.Message;
        var key = HomeSession.TransactionKey(stopped.ChargePointId, stopped.TransactionId);
        if (await Append(context, stopped.ChargePointId, key,
                new HomeTransactionStopped(key, stopped.MeterStopWh, stopped.ReportedAt, stopped.ReceivedAt, stopped.MeterWentBackwards)) is not { } session)
            return;
        // A month is closed once and never rewritten: a transaction that stops after its month was closed is not on a
        // statement. Say so, so the operator can settle it by hand.
        await using var query = store.QuerySession();
        if (await query.LoadAsync<Employer>(Employer.KeyOf(session.EmployerId), context.CancellationToken) is { } employer
            && await query.Events.FetchStreamStateAsync(ReimbursementPeriod.CloseKey(employer.EmployerId, ReimbursementPeriod.Of(session.Start, employer.Zone)),
                context.CancellationToken) is not null)
            logger.LogWarning("Home charging transaction {Transaction} on {ChargePoint} of employee {Employee} ({Employer}) stopped after its month was closed: it is on no statement",
                stopped.TransactionId, stopped.ChargePointId, session.EmployeeId, session.EmployerId);
    }

    /// <summary>Appends to a home transaction's stream; the session as it was, or null when there is nothing to append to (or it was handled).</summary>
    private async Task<HomeSession?> Append(ConsumeContext context, string chargePointId, string key, object @event)
    {
        await using var session = Open(context, chargePointId);
        // Only transactions that started on a home charger have a stream; a stop is appended once.
        // Locked: a transaction's meter values and its stop are consumed at the same time, each appending to its stream (StreamLocks).
        var stream = await session.Events.FetchForExclusiveWriting<HomeSession>(key, context.CancellationToken);
        if (stream.Aggregate is not { } current || current.End is not null)
            return null;
        if (!await session.TryMarkHandled(Consumer, context.MessageId, clock.GetCurrentInstant(), context.CancellationToken))
            return null;
        stream.AppendOne(@event);
        await session.SaveChangesAsync(context.CancellationToken);
        return current;
    }

    private IDocumentSession Open(ConsumeContext context, string chargePointId) =>
        store.LightweightSession().Stamp(new EventContext($"charge-point:{chargePointId}", clock.GetCurrentInstant(), context.CorrelationId?.ToString(),
            context.MessageId?.ToString()));
}
