using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Charging.Cdrs.Attention;
using Roaming.Charging.Cdrs.Attention.Recording;
using Roaming.Charging.Cdrs.Issuing;
using Roaming.Charging.Sessions.Recording;
using Roaming.Charging.Sessions.Starting;
using Roaming.Charging.Sessions.Stopping;
using Roaming.Contracts.Ingest.V1;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;

namespace Roaming.Charging.Sessions;

/// <summary>
/// Applies Ingest's transaction messages (start, meter values, connector status, stop) to charging sessions, many per
/// commit: one inbox query, one load of the sessions they touch, the pricing inputs of those that need a running cost
/// or a CDR loaded once, one commit. Messages are applied in the order given, each to the state its predecessors left,
/// so a batch has exactly the effect of handling its messages one by one (and a batch of one is the per-message path).
/// The stored sessions keep no samples (<see cref="ChargingSession"/>): the sessions to price get theirs from their
/// streams in one more query, followed by this batch's. A transaction that cannot become a complete CDR (an unmapped
/// connector, an unknown location or connector, by policy a missing tariff) becomes a CDR needing attention, never a log line.
/// </summary>
public sealed class ChargingTransactionRecorder(IChargingStore store, IClock clock, IOptions<RoamingOptions> roaming,
    IOptions<SessionProgressOptions> progress, IOptions<CdrAttentionOptions> attentionOptions, ILogger<ChargingTransactionRecorder> logger)
    : IIntegrationBatchConsumer
{
    public bool Handles(Type messageType) =>
        messageType == typeof(ChargingTransactionStarted) || messageType == typeof(MeterValuesReported)
        || messageType == typeof(ConnectorStatusChanged) || messageType == typeof(ChargingTransactionStopped);

    /// <summary>The inbox names of the per-message consumers, so both paths deduplicate against each other.</summary>
    public static string InboxConsumerOf(Type messageType) =>
        messageType == typeof(ChargingTransactionStarted) ? nameof(OnChargingTransactionStarted)
        : messageType == typeof(MeterValuesReported) ? nameof(OnMeterValuesReported)
        : messageType == typeof(ConnectorStatusChanged) ? nameof(OnConnectorStatusChanged)
        : messageType == typeof(ChargingTransactionStopped) ? nameof(OnChargingTransactionStopped)
        : throw new ArgumentOutOfRangeException(nameof(messageType), messageType, "not a transaction message");

    public async Task Consume(IReadOnlyList<IntegrationMessage> messages, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        // Identity map: the inline projection reuses the sessions loaded here (ChargingModule, UseIdentityMapForAggregates).
        await using var session = store.IdentitySession();
        // A status outside a transaction says nothing about a session (and was never marked in the inbox).
        var relevant = messages.Where(m => m.Message is not ConnectorStatusChanged { TransactionId: null }).ToList();
        var fresh = await session.MarkUnhandled(relevant, InboxConsumerOf, now, cancellationToken);
        if (fresh.Count == 0)
            return;

        // Without samples (documents stored before they left the document still carry theirs): a state's samples are
        // then exactly this batch's, and the committed ones are loaded below for the states to price.
        var states = (await session.LoadManyAsync<ChargingSession>(cancellationToken, fresh.Select(m => SessionIdOf(m.Message)).Distinct().ToArray()))
            .ToDictionary(s => s.Id, s => s.WithoutSamples());
        // The transactions without a session may be followed as CDRs needing attention (an unmapped connector's).
        var sessionless = fresh.Select(m => SessionIdOf(m.Message)).Where(id => !states.ContainsKey(id)).Distinct().ToList();
        var attention = sessionless.Count == 0 ? new Dictionary<string, CdrAttentionItem>()
            : (await session.LoadManyAsync<CdrAttentionItem>(cancellationToken, sessionless.Select(CdrAttentionItem.IdFor).ToArray()))
                .ToDictionary(a => ChargingSession.IdFor(a.Facts.ChargePointId, a.Facts.TransactionId));
        var plan = new List<Step>();
        foreach (var message in fresh)
        {
            var context = EventContext.Message("charging", message.MessageId, message.CorrelationId, now);
            var id = SessionIdOf(message.Message);
            var state = states.GetValueOrDefault(id);
            var item = attention.GetValueOrDefault(id);
            foreach (var step in Decide(state, item, message.Message, context, now))
            {
                plan.Add(step);
                if (step.Kind == StepKind.Attention)
                    item = step.Event is CdrNeedsAttention needs ? CdrAttentionItem.Begin(needs) : CdrAttentionItem.Fold(item!, step.Event!);
                else if (step.Event is { } fact)
                    state = state is null && fact is SessionStarted started ? ChargingSession.Begin(started) : ChargingSession.Fold(state!, fact);
                else
                    state = step.Priced!; // a priced step carries the state it prices
            }
            if (state is not null)
                states[id] = state;
            if (item is not null)
                attention[id] = item;
        }

        if (plan.Any(s => s.Priced is not null))
        {
            var committed = await SessionSamples.LoadMany(session, plan.Where(s => s.Priced is not null).Select(s => s.SessionId).Distinct().ToList(),
                cancellationToken);
            plan = plan.Select(s => s.Priced is null || !committed.TryGetValue(s.SessionId, out var before) ? s
                : s with { Priced = s.Priced with { Samples = [.. before, .. s.Priced.Samples] } }).ToList();
        }
        var priced = plan.Where(s => s.Priced is not null).Select(s => s.Priced!).ToList();
        var inputsOf = priced.Count == 0 ? null : await CdrInputsLoader.LoadMany(session, priced, roaming.Value.DefaultCurrency, cancellationToken);
        // CDRs and CDRs needing attention: each a new stream of one event.
        var outcomes = new List<(string Stream, object Outcome, EventContext Context)>();
        foreach (var stream in plan.GroupBy(s => s.SessionId))
        {
            var events = new List<object>();
            foreach (var step in stream)
            {
                if (step.Event is { } fact)
                    events.Add(session.Stamped(fact, step.Context));
                else if (step.Kind == StepKind.Progress)
                    events.Add(session.Stamped(Progress(step.Priced!, inputsOf!(step.Priced!)), step.Context));
                else if (TransactionsNeedingAttention.WhyIncomplete(step.Priced!, inputsOf!(step.Priced!), attentionOptions.Value.UnpricedCdrs) is { } why)
                {
                    var needs = TransactionsNeedingAttention.ForSession(step.Priced!, why, now);
                    logger.LogWarning("Session {Session} ended but its CDR needs attention ({Reason}): {Text}", step.SessionId, why.Reason, why.Text);
                    outcomes.Add((needs.AttentionId, needs, step.Context));
                }
                else
                {
                    var issued = CdrIssuer.Issue(inputsOf!(step.Priced!)!, now);
                    outcomes.Add((issued.CdrId, issued, step.Context));
                }
            }
            if (events.Count == 0)
                continue;
            if (stream.First().Event is SessionStarted)
                session.Events.StartStream<ChargingSession>(stream.Key, events.ToArray());
            else if (stream.First().Event is CdrNeedsAttention)
                session.Events.StartStream<CdrAttentionItem>(stream.Key, events.ToArray());
            else
                session.Events.Append(stream.Key, events.ToArray());
        }
        // After the sessions' own events, so a CDR never comes before its session in the outbox.
        foreach (var (stream, outcome, context) in outcomes)
            session.Events.StartStream(stream, session.Stamped(outcome, context));
        await session.SaveChangesAsync(cancellationToken);
    }

    private enum StepKind { Fact, Progress, Cdr, Attention }

    /// <summary>
    /// A fact to append, or a session state to price (running cost or CDR) once the pricing inputs are loaded.
    /// <paramref name="SessionId"/> is the stream: the session's, or for an attention fact the item's.
    /// </summary>
    private sealed record Step(string SessionId, StepKind Kind, object? Event, ChargingSession? Priced, EventContext Context);

    private IEnumerable<Step> Decide(ChargingSession? state, CdrAttentionItem? attention, object message, EventContext context, Instant now)
    {
        switch (message)
        {
            case ChargingTransactionStarted started:
                if (OnChargingTransactionStarted.Decide(state, started, roaming.Value.Party) is { } sessionStarted)
                    yield return new Step(sessionStarted.SessionId, StepKind.Fact, sessionStarted, null, context);
                else if (TransactionsNeedingAttention.OnStarted(attention, started, now) is { } needs)
                {
                    logger.LogWarning("Transaction {Transaction} of {ChargePoint} is on an OCPP connector that is not mapped to an OCPI connector; "
                        + "kept as CDR needing attention {Attention}", started.TransactionId, started.ChargePointId, needs.AttentionId);
                    yield return new Step(needs.AttentionId, StepKind.Attention, needs, null, context);
                }
                break;
            case MeterValuesReported reported when state is not { Ended: null }:
                if (TransactionsNeedingAttention.OnMeterValues(attention, reported) is { } samples)
                    yield return new Step(samples.AttentionId, StepKind.Attention, samples, null, context);
                else
                    logger.LogInformation("Meter values for {Transaction} of {ChargePoint} without an open session were kept as evidence only",
                        reported.TransactionId, reported.ChargePointId);
                break;
            case MeterValuesReported reported:
                var recorded = new MeterSamplesRecorded(state.Id,
                    reported.Samples.Select(s => new MeterSampleRecorded(s.ReportedAt, s.Measurand, s.Phase, s.Context, s.Value, s.Unit, s.SignedData)).ToList(),
                    reported.ReceivedAt);
                yield return new Step(state.Id, StepKind.Fact, recorded, null, context);
                var after = ChargingSession.Fold(state, recorded);
                if (ChargingSession.LatestEnergyReading(recorded.Samples) is { } reading)
                {
                    var at = Instant.Max(reading.At, state.Started.StartedAt);
                    if (SessionProgressThrottle.IsDue(state.ProgressedAt, at, Duration.FromTimeSpan(progress.Value.SessionProgressInterval)))
                        yield return new Step(state.Id, StepKind.Progress, null, after with { ProgressedAt = at }, context);
                }
                break;
            case ConnectorStatusChanged status when state is { Ended: null }:
                yield return new Step(state.Id, StepKind.Fact, new ConnectorStatusRecorded(state.Id, status.Status, status.ReportedAt, status.ReceivedAt), null, context);
                break;
            case ChargingTransactionStopped stopped:
                if (OnChargingTransactionStopped.Decide(state, stopped) is { } ended)
                {
                    yield return new Step(ended.SessionId, StepKind.Fact, ended, null, context);
                    yield return new Step(ended.SessionId, StepKind.Cdr, null, ChargingSession.Fold(state!, ended), context);
                }
                else if (TransactionsNeedingAttention.OnStopped(attention, stopped) is { } attentionStopped)
                    yield return new Step(attentionStopped.AttentionId, StepKind.Attention, attentionStopped, null, context);
                else
                    logger.LogInformation("Stop of {Transaction} at {ChargePoint} has no open session (orphan or repeated stop)",
                        stopped.TransactionId, stopped.ChargePointId);
                break;
        }
    }

    /// <summary>The running session's kWh and cost so far, priced with the tariff version valid at its start (null prices without one).</summary>
    private static SessionProgressed Progress(ChargingSession charging, CdrInputs? inputs)
    {
        var priced = inputs is null ? null : CdrIssuer.PriceSoFar(inputs);
        return new SessionProgressed(charging.Id, charging.Started.CountryCode, charging.Started.PartyId, charging.EnergyKwh, priced?.Currency,
            priced?.TotalCost, priced?.ChargingPeriods, charging.ProgressedAt!.Value);
    }

    private static string SessionIdOf(object message) => message switch
    {
        ChargingTransactionStarted m => ChargingSession.IdFor(m.ChargePointId, m.TransactionId),
        MeterValuesReported m => ChargingSession.IdFor(m.ChargePointId, m.TransactionId),
        ConnectorStatusChanged m => ChargingSession.IdFor(m.ChargePointId, m.TransactionId!),
        ChargingTransactionStopped m => ChargingSession.IdFor(m.ChargePointId, m.TransactionId),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.GetType(), "not a transaction message"),
    };
}
