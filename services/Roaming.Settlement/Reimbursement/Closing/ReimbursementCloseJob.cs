using Marten;
using Microsoft.Extensions.Logging;
using NodaTime;
using Quartz;
using Roaming.Platform.Marten;
using Roaming.Settlement.Reimbursement.Employers;

namespace Roaming.Settlement.Reimbursement.Closing;

/// <summary>
/// Closes every employer's months that have ended in its zone, and whose grace has passed, and are not closed yet, from
/// the month the employer was registered on (every <c>Roaming:Settlement:ReimbursementCloseInterval</c>, default 1 hour).
/// The grace (<c>Roaming:Settlement:ReimbursementCloseGrace</c>, default 1 day) lets a home session that runs past
/// midnight of the month's last day stop, and the month's last MID readings arrive, before the month is closed for
/// good. A month that cannot be priced (a missing employer rate) is logged and tried again on the next run.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReimbursementCloseJob(ISettlementStore store, IClock clock, ReimbursementCloseJob.Settings settings, ILogger<ReimbursementCloseJob> logger)
    : IJob
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromDays(1);

    public sealed record Settings(Duration Grace);

    /// <summary>The months of an employer that have ended, grace included, by <paramref name="now"/> (pure).</summary>
    public static IEnumerable<YearMonth> EndedMonths(Employer employer, Instant now, Duration grace)
    {
        for (var month = ReimbursementPeriod.Of(employer.RegisteredAt, employer.Zone);
             ReimbursementPeriod.HasEnded(month, employer.Zone, now - grace);
             month = month.PlusMonths(1))
            yield return month;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        List<Employer> employers;
        await using (var query = store.QuerySession())
            employers = [.. await query.Query<Employer>().ToListAsync(cancellationToken)];
        foreach (var employer in employers)
        {
            foreach (var month in EndedMonths(employer, now, settings.Grace))
            {
                await using (var query = store.QuerySession())
                {
                    if (await query.Events.FetchStreamStateAsync(ReimbursementPeriod.CloseKey(employer.EmployerId, month), cancellationToken) is not null)
                        continue;
                }
                var outcome = await CloseReimbursements.Close(store, employer.EmployerId, month, new EventContext("system:reimbursement-close-job", now), cancellationToken);
                if (outcome is CloseReimbursements.Refused refused)
                    logger.LogWarning("Could not close {Period} of employer {Employer}: {Detail}", ReimbursementPeriod.Name(month), employer.EmployerId, refused.Detail);
                else
                    logger.LogInformation("Closed {Period} of employer {Employer}", ReimbursementPeriod.Name(month), employer.EmployerId);
            }
        }
    }
}
