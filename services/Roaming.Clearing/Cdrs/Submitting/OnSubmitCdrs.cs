using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using Roaming.Clearing.Cdrs.Plausibility;
using Roaming.Clearing.Connections;
using Roaming.Clearing.Participants;
using Roaming.Contracts.Clearing.V1;
using Roaming.Platform.Marten;

namespace Roaming.Clearing.Cdrs.Submitting;

/// <summary>
/// Answers <see cref="SubmitCdrs"/>: a batch of CDRs (hundreds) in one Marten session and one commit. One batched round
/// trip reads the uploader, the batch's CDR states, the claims of the contracts' providers and the uploader's running
/// connections; each CDR is then decided in memory in submission order (a CdrId twice in a batch meets its own first
/// upload).
/// </summary>
public sealed class OnSubmitCdrs(IClearingStore store, ILogger<OnSubmitCdrs> logger) : IConsumer<SubmitCdrs>
{
    public async Task Consume(ConsumeContext<SubmitCdrs> context)
    {
        var submit = context.Message;
        var cancellation = context.CancellationToken;
        await using var session = store.LightweightSession()
            .Stamp(new EventContext(submit.Actor, submit.ReceivedAt, context.CorrelationId?.ToString(), context.MessageId?.ToString()));

        var keys = submit.Cdrs.Select(c => ClearingCdr.KeyOf(submit.ParticipantId, c.CdrId)).Distinct().ToArray();
        var providerClaims = submit.Cdrs.Select(c => UploadCdr.ProviderOf(c.ContractId)).OfType<string>().Distinct()
            .Select(p => IdClaim.KeyOf(ClaimKinds.Provider, p)).ToArray();
        // Locked before the states are read: a provider's or the operator's answer may change these CDRs meanwhile (StreamLocks).
        await session.LockExisting(keys, cancellation);
        var batch = session.CreateBatchQuery();
        var participantQuery = batch.Load<Participant>(submit.ParticipantId);
        var statesQuery = batch.LoadMany<ClearingCdr>().ById(keys);
        var claimsQuery = batch.LoadMany<IdClaim>().ById(providerClaims);
        var connectionsQuery = batch.Query<RoamingConnection>().Where(c => c.Active && c.OperatorParticipantId == submit.ParticipantId).ToList();
        await batch.Execute(cancellation);

        var participant = await participantQuery;
        if (participant is null)
        {
            logger.LogWarning("CDRs from unknown participant {Participant} refused", submit.ParticipantId);
            await context.RespondAsync(new CdrsSubmitted(submit.Cdrs.Select(c => new CdrSubmissionOutcome(c.CdrId, c.EvseId, CdrSubmissionOutcomes.Implausible,
                PlausibilityRules.OperatorOwnsEvse, $"{submit.ParticipantId} is not a participant of the clearing house")).ToList()));
            return;
        }
        var states = (await statesQuery).ToDictionary(s => s.Id);
        var existing = states.Keys.ToHashSet();
        var operatorIds = participant.OperatorIds.ToHashSet();
        var claimed = (await claimsQuery).Select(c => c.Value).ToHashSet();
        var connections = (await connectionsQuery).Where(c => operatorIds.Contains(c.OperatorId))
            .ToDictionary(c => (c.OperatorId, c.ProviderId), c => c.Limits);

        var outcomes = new List<CdrSubmissionOutcome>(submit.Cdrs.Count);
        var changed = new Dictionary<string, List<object>>();
        for (var i = 0; i < submit.Cdrs.Count; i++)
        {
            var cdr = submit.Cdrs[i];
            var key = ClearingCdr.KeyOf(submit.ParticipantId, cdr.CdrId);
            var current = states.GetValueOrDefault(key);
            var decision = UploadCdr.Decide(submit.ParticipantId, cdr, current, new PlausibilityInput(cdr, operatorIds, claimed, connections, current?.Status), i,
                submit.ReceivedAt);
            outcomes.Add(decision.Outcome);
            if (decision.Events.Count == 0)
                continue;
            foreach (var @event in decision.Events)
                current = ClearingCdr.Apply(current, @event, submit.Actor);
            states[key] = current!;
            if (!changed.TryGetValue(key, out var events))
                changed[key] = events = [];
            events.AddRange(decision.Events);
        }

        foreach (var (key, events) in changed)
        {
            if (existing.Contains(key))
                session.Events.Append(key, events);
            else
                session.Events.StartStream<ClearingCdr>(key, events);
            session.Store(states[key]);
        }
        await session.SaveChangesAsync(cancellation);
        var refused = outcomes.Count(o => o.FailedRule is not null);
        if (refused > 0)
            logger.LogInformation("{Participant} uploaded {Count} CDRs, {Refused} not accepted", submit.ParticipantId, outcomes.Count, refused);
        await context.RespondAsync(new CdrsSubmitted(outcomes));
    }
}
