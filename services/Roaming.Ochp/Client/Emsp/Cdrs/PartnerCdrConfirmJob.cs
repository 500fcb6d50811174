using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Quartz;
using Roaming.Ochp.Client.Transport;
using Roaming.Platform.Marten;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Client.Emsp.Cdrs;

/// <summary>
/// Sends our decisions to the clearing house (ConfirmCDRs: approved and declined CDRs by cdrId and evseId) until it
/// takes them: a failed call (unreachable, server, not-authorized) is tried again with a growing wait; a refusal
/// (invalid-id, format) is recorded and left to an operator. OCHP has no field for a decline's reason: it stays in our
/// events and <c>GET /api/ochp/client/received-cdrs</c>.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PartnerCdrConfirmJob(
    IOchpStore store, ClearingHouseClient clearingHouse, IOptions<OchpClientOptions> client, IClock clock, ILogger<PartnerCdrConfirmJob> logger) : IJob
{
    public const string SyncId = "emsp-cdr-confirm";
    private const int BatchSize = 500;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await Run(cancellationToken);

    public async Task Run(CancellationToken cancellation)
    {
        var settings = client.Value;
        if (!settings.IsEnabled || settings.Emsp is null)
            return;
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(new EventContext("system:ochp-client", now));
        var sync = await session.LoadAsync<ClientSyncState>(SyncId, cancellation) ?? ClientSyncState.New(SyncId);
        if (!sync.MayRun(now))
            return;
        var decided = await session.Query<ReceivedCdr>().Where(c => c.State == ReceivedCdr.ToConfirm).OrderBy(c => c.DecidedAt).Take(BatchSize)
            .ToListAsync(cancellation);
        if (decided.Count == 0)
            return;

        var request = new ConfirmCdrsRequest
        {
            Approved = decided.Where(c => c.Decision == CdrDecisions.Approved).Select(Key).ToList(),
            Declined = decided.Where(c => c.Decision == CdrDecisions.Declined).Select(Key).ToList(),
        };
        string? problem;
        try
        {
            var answer = await clearingHouse.Call<ConfirmCdrsRequest, ConfirmCdrsResponse>(request, OchpRole.Emsp, cancellation);
            var described = ClearingHouseAnswers.Describe(answer.Result);
            var code = answer.Result.ResultCode.Value;
            if (ClearingHouseAnswers.Applied(code))
            {
                foreach (var cdr in decided)
                    session.Events.Append(cdr.Id, new PartnerCdrConfirmed(cdr.Id, cdr.Decision!, described, now));
                if (code == ResultCode.Partly)
                    logger.LogWarning("The clearing house applied only part of our confirmation of {Count} CDRs: {Result}", decided.Count, described);
                problem = null;
            }
            else if (ClearingHouseAnswers.RefusesTheItems(code))
            {
                foreach (var cdr in decided)
                    session.Events.Append(cdr.Id, new PartnerCdrConfirmationRefused(cdr.Id, cdr.Decision!, described, now));
                logger.LogWarning("The clearing house refused our confirmation of {Count} CDRs: {Result}", decided.Count, described);
                problem = null;
            }
            else
            {
                problem = $"ConfirmCDRs: {described}";
            }
        }
        catch (ClearingHouseCallException failure)
        {
            problem = failure.Message;
        }
        if (problem is null)
        {
            session.Store(sync.Succeeded(now));
        }
        else
        {
            var failed = sync.Failed(now, problem, Duration.FromTimeSpan(settings.RetryFirstDelay), Duration.FromTimeSpan(settings.RetryMaxDelay));
            logger.LogWarning("Confirming {Count} CDRs at the OCHP clearing house failed ({Failures} in a row), next attempt at {Next}: {Problem}",
                decided.Count, failed.Failures, failed.NextAttemptAt, problem);
            session.Store(failed);
        }
        await session.SaveChangesAsync(cancellation);
    }

    private static CdrConfirmation Key(ReceivedCdr cdr) => new() { CdrId = cdr.CdrId, EvseId = cdr.EvseId };
}
