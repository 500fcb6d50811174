using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Quartz;
using Roaming.Ochp.Client.Transport;
using Roaming.Platform.Marten;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Client.LiveStatus;

/// <summary>
/// The Quartz job (<c>StatusUploadInterval</c>, a few seconds): sends the changed statuses, and the unchanged ones whose
/// ttl at the clearing house is half gone (so a quiet EVSE never reads as unknown there), with UpdateStatus on the live
/// port. A failed call records nothing: they stay due and go at the next run.
/// </summary>
[DisallowConcurrentExecution]
public sealed class UploadEvseStatusJob(IOchpStore store, ClearingHouseClient client, IOptions<OchpClientOptions> options, IClock clock,
    ILogger<UploadEvseStatusJob> logger) : IJob
{
    private const int MaxPerCall = 1000;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var ttl = Duration.FromTimeSpan(options.Value.StatusTtl);
        var now = clock.GetCurrentInstant();
        var refreshBefore = (now + ttl / 2).ToUnixTimeMilliseconds();
        IReadOnlyList<OwnEvseStatus> due;
        await using (var query = store.QuerySession())
            due = await query.Query<OwnEvseStatus>()
                .Where(s => s.Pending || s.TtlMs < refreshBefore)
                .OrderBy(s => s.Id).Take(MaxPerCall).ToListAsync(cancellationToken);
        if (due.Count == 0)
            return;
        var expires = now + ttl;
        var request = new UpdateStatusRequest
        {
            Evse = due.Select(s => new EvseStatusType { EvseId = s.EvseId, Major = s.Major, MinorStatus = s.Minor, Ttl = expires }).ToList(),
            Ttl = DateTimeType.From(expires),
        };
        try
        {
            var answer = await client.Call<UpdateStatusRequest, UpdateStatusResponse>(request, OchpRole.Cpo, cancellationToken);
            if (ClearingHouseResults.Judge(answer.Result) is not (ClearingHouseVerdict.Accepted or ClearingHouseVerdict.PartlyAccepted))
            {
                logger.LogWarning("UpdateStatus of {Count} EVSEs not taken ({Code} {Description}), sent again at the next run", due.Count,
                    answer.Result.ResultCode.Value, answer.Result.ResultDescription);
                return;
            }
        }
        catch (ClearingHouseCallException failed)
        {
            logger.LogWarning("UpdateStatus of {Count} EVSEs failed, sent again at the next run: {Failure}", due.Count, failed.Message);
            return;
        }
        // Locked: a newer status may have been queued while the call was out (StreamLocks).
        await using var session = store.LightweightSession().Stamp(new EventContext("system:ochp-client", now));
        var locked = await session.FetchAllForExclusiveWriting<OwnEvseStatus>(due.Select(s => s.Id), cancellationToken);
        foreach (var status in due)
            locked[status.Id].AppendOne(new OwnEvseStatusSent(status.Version, expires, clock.GetCurrentInstant()));
        await session.SaveChangesAsync(cancellationToken);
    }
}
