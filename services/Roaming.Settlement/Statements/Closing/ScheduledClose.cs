using Marten;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Quartz;
using Roaming.Platform.Marten;
using Roaming.Settlement.Agreements;

namespace Roaming.Settlement.Statements.Closing;

/// <summary>
/// The scheduled close (every <c>Roaming:Settlement:CloseInterval</c>, default 1 hour): for every agreement, every period
/// from the one containing <see cref="Agreement.SettlesFrom"/> that ended more than <see cref="Agreement.CloseAfterDays"/>
/// days ago and is not closed yet, oldest first (so statement numbers follow the periods). One run at a time across all
/// processes: the run holds a session advisory lock, and a process that cannot take it skips the run.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ScheduledClose(ISettlementStore store, PeriodCloser closer, IClock clock, ILogger<ScheduledClose> logger) : IJob
{
    public const string Actor = "system:settlement-close";
    private const long RunLock = 0x5e771e_c105e;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await CloseDuePeriods(cancellationToken);

    /// <summary>Closes every due period; returns how many statements were issued (0 when another process holds the run).</summary>
    public async Task<int> CloseDuePeriods(CancellationToken cancellation)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using (var take = new NpgsqlCommand($"select pg_try_advisory_lock({RunLock})", connection))
            if (await take.ExecuteScalarAsync(cancellation) is not true)
                return 0;
        try
        {
            IReadOnlyList<Agreement> agreements;
            await using (var query = store.QuerySession())
                agreements = await query.Query<Agreement>().OrderBy(a => a.Id).ToListAsync(cancellation);
            var issued = 0;
            foreach (var agreement in agreements)
            {
                try
                {
                    issued += await CloseDue(agreement, cancellation);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // One agreement's failure must not keep the others from settling; the next run retries it.
                    logger.LogError(exception, "Scheduled close of {Agreement} failed", agreement.Id);
                }
            }
            return issued;
        }
        finally
        {
            await using var release = new NpgsqlCommand($"select pg_advisory_unlock({RunLock})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task<int> CloseDue(Agreement agreement, CancellationToken cancellation)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(agreement.TimeZone);
        if (zone is null)
            return 0;
        var now = clock.GetCurrentInstant();
        HashSet<string> closed;
        await using (var query = store.QuerySession())
            closed = [.. await query.Query<Statement>().Where(s => s.OperatorId == agreement.OperatorId && s.ProviderId == agreement.ProviderId)
                .Select(s => s.Period).ToListAsync(cancellation)];
        var issued = 0;
        // An agreement that does not say since when it settles settles from the day it was last changed.
        var settlesFrom = agreement.SettlesFrom == default ? agreement.ChangedAt.InZone(zone).Date : agreement.SettlesFrom;
        for (var period = BillingPeriod.Containing(agreement.Period, settlesFrom);
             zone.AtStartOfDay(period.End.PlusDays(agreement.CloseAfterDays)).ToInstant() <= now;
             period = period.Next(agreement.Period))
        {
            if (closed.Contains(period.Name))
                continue;
            if (await closer.Close(agreement, period, new EventContext(Actor, now), cancellation) is CloseOutcome.Closed issuedStatement)
            {
                issued++;
                logger.LogInformation("Closed {Period} of {Agreement}: statement {Invoice} with {Lines} lines", period.Name, agreement.Id,
                    issuedStatement.Statement.InvoiceNumber, issuedStatement.Statement.Lines.Count);
            }
        }
        return issued;
    }
}
