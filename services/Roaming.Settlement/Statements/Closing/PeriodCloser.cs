using Marten;
using Marten.Services;
using NodaTime;
using Npgsql;
using Roaming.Platform.Marten;
using Roaming.Settlement.Agreements;
using Roaming.Settlement.Disputes;
using Roaming.Settlement.Ledger;

namespace Roaming.Settlement.Statements.Closing;

/// <summary>What became of a request to close a period.</summary>
public abstract record CloseOutcome
{
    private CloseOutcome() { }

    public sealed record Closed(Statement Statement) : CloseOutcome;

    public sealed record NotEnded(LocalDate EndsOn) : CloseOutcome;

    public sealed record AlreadyClosed(string StatementId) : CloseOutcome;
}

/// <summary>
/// Closes one period of one agreement: the shell around <see cref="StatementLines"/>. In one transaction, holding the
/// issuer's advisory lock (so closes of one issuer run one at a time and numbers stay gap-free), it streams the
/// agreement's ledger (never the whole month in memory: only the lines the statement carries), issues the statement
/// with the issuer's next number, holds what cannot be billed, notes the disputes due, and records the billing on the
/// ledger (<see cref="LedgerBilling"/>). Either all of it commits or nothing does.
/// </summary>
public sealed class PeriodCloser(ISettlementStore store, IClock clock)
{
    public async Task<CloseOutcome> Close(Agreement agreement, BillingPeriod period, EventContext context, CancellationToken cancellation)
    {
        var zone = DateTimeZoneProviders.Tzdb[agreement.TimeZone];
        var now = clock.GetCurrentInstant();
        var endsAt = period.EndsAt(zone);
        if (now < endsAt)
            return new CloseOutcome.NotEnded(period.End);
        var statementId = StatementIds.For(agreement.OperatorId, agreement.ProviderId, period.Name);

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await LockIssuer(connection, transaction, agreement.IssuerId, cancellation);
        await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction)).Stamp(context);
        if (await session.LoadAsync<Statement>(statementId, cancellation) is not null)
            return new CloseOutcome.AlreadyClosed(statementId);

        var draft = new StatementDraft();
        var holds = new List<CdrHeld>();
        var ledger = session.Query<LedgerCdr>()
            .Where(c => c.OperatorId == agreement.OperatorId && c.ProviderId == agreement.ProviderId && (c.EverBilled || c.State == LedgerStates.Billable))
            .OrderBy(c => c.Id);
        await foreach (var cdr in ledger.ToAsyncEnumerable(cancellation))
        {
            switch (StatementLines.Decide(agreement, zone, endsAt, cdr))
            {
                case LineDecision.Bill bill:
                    draft.Add(bill.Line);
                    break;
                case LineDecision.Hold hold:
                    holds.Add(new CdrHeld(cdr.Id, hold.Reason, now));
                    break;
            }
        }

        var disputes = (await session.Query<Dispute>().Where(d => d.OperatorId == agreement.OperatorId && d.ProviderId == agreement.ProviderId)
            .ToListAsync(cancellation)).Where(d => d.Status != d.ReportedStatus).OrderBy(d => d.OpenedAt).ThenBy(d => d.Id).ToList();
        var sequence = await session.LoadAsync<IssuerSequence>(agreement.IssuerId, cancellation) ?? new IssuerSequence { Id = agreement.IssuerId };
        sequence.LastNumber++;
        var statement = draft.Issue(agreement, period, sequence.LastNumber, now.InZone(zone).Date,
            [.. disputes.Select(d => new StatementDisputeNote(d.Id, d.CdrId, d.Status, d.Reason, d.Outcome))], now, context.Actor);

        session.Store(sequence);
        session.Store(statement);
        session.Events.StartStream(StatementIds.StreamOf(statement.Id), new StatementClosed(statement, now));
        // Locked: the ledger feed appends to a held CDR's stream and a dispute is resolved while the close runs (StreamLocks).
        var heldStreams = await session.FetchAllForExclusiveWriting<LedgerCdr>(holds.Select(h => h.Key), cancellation);
        foreach (var held in holds)
            heldStreams[held.Key].AppendOne(held);
        var disputeStreams = await session.FetchAllForExclusiveWriting<Dispute>(disputes.Select(d => d.Id), cancellation);
        foreach (var dispute in disputes)
            disputeStreams[dispute.Id].AppendOne(new DisputeReportedOnStatement(dispute.Id, statement.Id, dispute.Status, now));
        await session.SaveChangesAsync(cancellation);
        await LedgerBilling.Write(connection, transaction, store, statement, context, now, cancellation);
        await transaction.CommitAsync(cancellation);
        return new CloseOutcome.Closed(statement);
    }

    private static async Task LockIssuer(NpgsqlConnection connection, NpgsqlTransaction transaction, string issuerId, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended(@key, 0))", connection, transaction);
        command.Parameters.AddWithValue("key", $"settlement-issuer:{issuerId}");
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
