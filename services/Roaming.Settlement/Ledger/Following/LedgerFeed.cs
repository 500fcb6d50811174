using System.Text.Json;
using Marten;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Contracts.Clearing.V1;
using Roaming.Contracts.Ocpi.V1;
using Roaming.Platform.Json;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using Roaming.Settlement.Agreements;
using Roaming.Settlement.Disputes;
using OcpiCdr = Roaming.Protocols.Ocpi.Cdrs.Cdr;

namespace Roaming.Settlement.Ledger.Following;

/// <summary>
/// Feeds the ledger from the services that know the CDRs: the clearing workflow's status changes, the CDRs we issue as
/// CPO, the CDRs partners send us as e-MSP and Charging's reconciliation of them. Many messages per commit (a clearing
/// upload publishes hundreds at once): one inbox query, one load of the CDRs' ledger states, their agreements and open
/// disputes, each message decided (<see cref="LedgerDecisions"/>) on the state its predecessors left, one commit.
/// Every CDR's stream is appended with its expected version, so a dispute opened meanwhile fails the commit and the
/// batch is decided again. With a broker, the per-message consumers (<see cref="OnCdrClearingStatusChanged"/>, ...)
/// call it with one message.
/// </summary>
public sealed class LedgerFeed(ISettlementStore store, IClock clock, ILogger<LedgerFeed> logger) : IIntegrationBatchConsumer
{
    public bool Handles(Type messageType) => messageType == typeof(CdrClearingStatusChanged) || messageType == typeof(CdrIssued)
                                             || messageType == typeof(PartnerCdrReceived) || messageType == typeof(PartnerCdrReconciled);

    /// <summary>The inbox name of each message type (that of its per-message consumer, so both paths deduplicate against each other).</summary>
    public static string InboxConsumerOf(Type messageType) =>
        messageType == typeof(CdrClearingStatusChanged) ? nameof(OnCdrClearingStatusChanged)
        : messageType == typeof(CdrIssued) ? nameof(OnCdrIssued)
        : messageType == typeof(PartnerCdrReceived) ? nameof(OnPartnerCdrReceived)
        : messageType == typeof(PartnerCdrReconciled) ? nameof(OnPartnerCdrReconciled)
        : throw new ArgumentOutOfRangeException(nameof(messageType), messageType, "not a ledger message");

    /// <summary>One message as the ledger takes it: which CDR, who caused it, and the decision to make on the CDR's state.</summary>
    private sealed record Intake(string OperatorId, string ProviderId, string CdrId, EventContext Context,
        Func<LedgerCdr?, LedgerDecisions.Circumstances, IReadOnlyList<object>> Decide)
    {
        public string Key => LedgerKeys.For(OperatorId, CdrId);
    }

    public async Task Consume(IReadOnlyList<IntegrationMessage> messages, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession();
        var fresh = await session.MarkUnhandled(messages, InboxConsumerOf, now, cancellationToken);
        var intakes = fresh.Select(message => IntakeOf(message, now)).OfType<Intake>().ToList();
        if (intakes.Count > 0)
            await Decide(session, intakes, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
    }

    private async Task Decide(IDocumentSession session, List<Intake> intakes, CancellationToken cancellation)
    {
        var keys = intakes.Select(i => i.Key).Distinct().ToArray();
        var states = (await session.LoadManyAsync<LedgerCdr>(cancellation, keys)).ToDictionary(c => c.Id);
        var versions = await StreamVersions(session, keys, cancellation);
        // A partner's reconciliation names no e-MSP: its agreement is that of the CDR in the ledger.
        string ProviderOf(Intake intake) => states.GetValueOrDefault(intake.Key)?.ProviderId ?? intake.ProviderId;
        var agreementKeys = intakes.Select(i => Agreement.KeyOf(i.OperatorId, ProviderOf(i))).Distinct().ToArray();
        var agreements = (await session.LoadManyAsync<Agreement>(cancellation, agreementKeys)).ToDictionary(a => a.Id);
        var cdrIds = intakes.Select(i => i.CdrId).Distinct().ToArray();
        var disputed = (await session.Query<Dispute>().Where(d => d.Status == DisputeStatuses.Open && d.CdrId.IsOneOf(cdrIds)).ToListAsync(cancellation))
            .Select(d => LedgerKeys.For(d.OperatorId, d.CdrId)).ToHashSet();

        var appended = new Dictionary<string, List<JasperFx.Events.IEvent>>();
        foreach (var intake in intakes)
        {
            var current = states.GetValueOrDefault(intake.Key);
            var around = LedgerCircumstances.Of(agreements.GetValueOrDefault(Agreement.KeyOf(intake.OperatorId, ProviderOf(intake))), disputed.Contains(intake.Key));
            var events = intake.Decide(current, around);
            if (events.Count == 0)
                continue;
            if (!appended.TryGetValue(intake.Key, out var stream))
                appended[intake.Key] = stream = [];
            stream.AddRange(events.Select(e => session.Stamped(e, intake.Context)));
            if (LedgerCdrProjection.Fold(current, events) is { } next)
                states[intake.Key] = next;
        }
        foreach (var (key, events) in appended)
        {
            if (versions.TryGetValue(key, out var version))
                session.Events.Append(key, version + events.Count, events.ToArray<object>());
            else
                session.Events.StartStream<LedgerCdr>(key, events.ToArray<object>());
        }
    }

    /// <summary>
    /// The current version of each existing stream, read from the event store itself: a period close bills CDRs with
    /// set-based SQL (<c>LedgerBilling</c>) that moves the stream's version without Marten's projection, so the
    /// document cannot say it.
    /// </summary>
    private static async Task<Dictionary<string, long>> StreamVersions(IQuerySession session, string[] keys, CancellationToken cancellation)
    {
        var rows = await session.QueryAsync<string>(
            $"select version::text || ' ' || id from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams where id = any(?)", cancellation, new object[] { keys });
        return rows.Select(row => row.Split(' ', 2)).ToDictionary(parts => parts[1], parts => long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    private Intake? IntakeOf(IntegrationMessage message, Instant now)
    {
        switch (message.Message)
        {
            case CdrClearingStatusChanged change:
                if (change.ProviderId is not { } provider || change.OperatorId.Length == 0)
                {
                    logger.LogInformation("CDR {Cdr} of {Operator} ({Status}) names no e-MSP or no CPO; it stays out of the ledger", change.CdrId, change.OperatorId,
                        change.Status);
                    return null;
                }
                return new Intake(change.OperatorId, provider, change.CdrId, new EventContext(change.Actor, now, message.CorrelationId, message.MessageId.ToString()),
                    (current, around) => LedgerDecisions.OnClearingStatus(current, change, around));

            case CdrIssued issued:
            {
                var operatorId = $"{issued.CountryCode}*{issued.PartyId}".ToUpperInvariant();
                if (ReadOcpi(issued.CdrJson, issued.CountryCode) is not { Facts: { } facts, ProviderId: { } providerId } read)
                {
                    logger.LogWarning("CDR {Cdr} of {Operator} stays out of the ledger: {Problem}", issued.CdrId, operatorId,
                        issued.CdrJson is null ? "it carries no OCPI CDR (no e-MSP to bill)" : ReadOcpi(issued.CdrJson, issued.CountryCode)?.Problem);
                    return null;
                }
                return new Intake(operatorId, providerId, issued.CdrId, EventContext.Message("charging", message.MessageId, message.CorrelationId, now),
                    (current, around) => LedgerDecisions.OnIssued(current, operatorId, providerId, issued.CdrId, facts, around, now));
            }

            case PartnerCdrReceived received:
            {
                var operatorId = $"{received.CountryCode}*{received.PartyId}".ToUpperInvariant();
                var read = ReadOcpi(received.CdrJson, received.CountryCode);
                if (read is not { Facts: { } facts, ProviderId: { } providerId })
                {
                    logger.LogWarning("Partner CDR {Cdr} of {Operator} stays out of the ledger: {Problem}", received.CdrId, operatorId, read?.Problem);
                    return null;
                }
                return new Intake(operatorId, providerId, received.CdrId, EventContext.Message("ocpi", message.MessageId, message.CorrelationId, now),
                    (current, _) => LedgerDecisions.OnPartnerCdrReceived(current, operatorId, providerId, received.CdrId, facts, now));
            }

            case PartnerCdrReconciled reconciled:
            {
                var operatorId = $"{reconciled.CountryCode}*{reconciled.PartyId}".ToUpperInvariant();
                // With a broker the reconciliation may overtake the CDR itself (two queues): failing retries it, and parks it
                // (replayable) if the CDR never arrives.
                return new Intake(operatorId, "", reconciled.CdrId, EventContext.Message("charging", message.MessageId, message.CorrelationId, now),
                    (current, around) => current is null
                        ? throw new InvalidOperationException($"CDR {reconciled.CdrId} of {operatorId} is not in the ledger (yet): reconciled before received")
                        : LedgerDecisions.OnReconciled(current, reconciled, around));
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(message), message.Message.GetType(), "not a ledger message");
        }
    }

    /// <summary>The OCPI CDR of a message, read for settlement; null when there is none.</summary>
    private static CdrFacts.Read? ReadOcpi(string? cdrJson, string operatorCountry)
    {
        if (cdrJson is null)
            return null;
        try
        {
            return JsonSerializer.Deserialize<OcpiCdr>(cdrJson, RoamingJson.Options) is { } cdr
                ? CdrFacts.FromOcpi(cdr, operatorCountry)
                : new CdrFacts.Read(null, null, "empty CDR");
        }
        catch (JsonException exception)
        {
            return new CdrFacts.Read(null, null, $"unreadable CDR: {exception.Message}");
        }
    }
}
