using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using Roaming.Clearing.Connections;
using Roaming.Clearing.Participants;
using Roaming.Contracts.Clearing.V1;
using Roaming.Contracts.Identifiers;
using Roaming.Platform.Marten;

namespace Roaming.Clearing.Cdrs.Confirming;

/// <summary>
/// Answers <see cref="ConfirmCdrs"/>: a provider approves or declines CDRs, in one commit. A provider may only answer CDRs
/// of its own Provider-IDs from operators it is connected to; any other CdrId is "unknown" to it (not applied, with the
/// reason), and so is an implausible CDR, which never reached it.
/// </summary>
public sealed class OnConfirmCdrs(IClearingStore store, ILogger<OnConfirmCdrs> logger) : IConsumer<ConfirmCdrs>
{
    public async Task Consume(ConsumeContext<ConfirmCdrs> context)
    {
        var confirm = context.Message;
        var cancellation = context.CancellationToken;
        await using var session = store.LightweightSession()
            .Stamp(new EventContext(confirm.Actor, confirm.ReceivedAt, context.CorrelationId?.ToString(), context.MessageId?.ToString()));
        var answers = confirm.Approved.Select(k => (Key: k, Decision: ConfirmCdr.Approve))
            .Concat(confirm.Declined.Select(k => (Key: k, Decision: ConfirmCdr.Decline))).ToList();
        var participant = await session.LoadAsync<Participant>(confirm.ParticipantId, cancellation);
        var visible = participant is null ? [] : await Visible(session, participant, answers.Select(a => a.Key.CdrId).Distinct().ToArray(), cancellation);
        if (visible.Count > 0)
        {
            // Locked, then read again: the operator's answer or a re-upload may change these CDRs meanwhile (StreamLocks).
            await session.LockExisting(visible.Select(c => c.Id), cancellation);
            visible = (await session.LoadManyAsync<ClearingCdr>(cancellation, visible.Select(c => c.Id).ToArray()))
                .Where(c => c.Status != CdrStatuses.Implausible).ToList();
        }

        var outcomes = new List<CdrConfirmationOutcome>(answers.Count);
        var changed = new Dictionary<string, (ClearingCdr State, List<object> Events)>();
        foreach (var (key, decision) in answers)
        {
            var cdr = visible.FirstOrDefault(c => c.CdrId == key.CdrId && EvseId.Same(c.EvseId, key.EvseId));
            if (cdr is not null && changed.TryGetValue(cdr.Id, out var pending))
                cdr = pending.State;
            if (cdr is null)
            {
                outcomes.Add(new CdrConfirmationOutcome(key.CdrId, key.EvseId, decision, false, $"CDR {key.CdrId} at {key.EvseId} is unknown to this provider"));
                continue;
            }
            var (@event, refusal) = ConfirmCdr.Decide(cdr, decision, key.Reason, confirm.ReceivedAt);
            if (@event is null)
            {
                outcomes.Add(new CdrConfirmationOutcome(key.CdrId, key.EvseId, decision, false, refusal));
                continue;
            }
            var next = ClearingCdr.Apply(cdr, @event, confirm.Actor);
            changed[cdr.Id] = (next, changed.TryGetValue(cdr.Id, out var before) ? [.. before.Events, @event] : [@event]);
            outcomes.Add(new CdrConfirmationOutcome(key.CdrId, key.EvseId, decision, true, null));
        }
        foreach (var (id, (state, events)) in changed)
        {
            session.Events.Append(id, events);
            session.Store(state);
        }
        await session.SaveChangesAsync(cancellation);
        if (outcomes.Any(o => !o.Applied))
            logger.LogInformation("{Participant} confirmed {Count} CDRs, {Refused} not applied", confirm.ParticipantId, outcomes.Count, outcomes.Count(o => !o.Applied));
        await context.RespondAsync(new CdrsConfirmed(outcomes));
    }

    /// <summary>The CDRs with these ids that the participant sees as provider: its Provider-IDs, connected operators, never implausible ones.</summary>
    internal static async Task<IReadOnlyList<ClearingCdr>> Visible(IQuerySession session, Participant participant, string[] cdrIds, CancellationToken cancellation)
    {
        var providers = participant.ProviderIds.ToArray();
        if (providers.Length == 0 || cdrIds.Length == 0)
            return [];
        var batch = session.CreateBatchQuery();
        var cdrsQuery = batch.Query<ClearingCdr>().Where(c => c.CdrId.IsOneOf(cdrIds) && c.ProviderId.IsOneOf(providers) && c.Status != CdrStatuses.Implausible).ToList();
        var connectionsQuery = batch.Query<RoamingConnection>().Where(c => c.Active && c.ProviderId.IsOneOf(providers)).ToList();
        await batch.Execute(cancellation);
        var connected = (await connectionsQuery).Select(c => (c.OperatorId, c.ProviderId)).ToHashSet();
        return (await cdrsQuery).Where(c => connected.Contains((c.OperatorId!, c.ProviderId!))).ToList();
    }
}
