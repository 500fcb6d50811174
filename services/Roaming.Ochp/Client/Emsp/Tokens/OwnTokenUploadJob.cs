using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Quartz;
using Roaming.Contracts.Identifiers;
using Roaming.Ochp.Client.Transport;
using Roaming.Platform.Marten;
using Roaming.Platform.Sealing.Shredding;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Client.Emsp.Tokens;

/// <summary>
/// Keeps our authorisation list at the clearing house: the whole list once (SetRoamingAuthorisationList) and again
/// every <c>TokenListRefreshInterval</c> (which moves every expiry forward), in between the changed tokens
/// (UpdateRoamingAuthorisationList). Each token's answer is an event; a failed call is tried again with a growing wait.
/// </summary>
[DisallowConcurrentExecution]
public sealed class OwnTokenUploadJob(
    IOchpStore store, ClearingHouseClient clearingHouse, SubjectKeyVault vault, IOptions<OchpClientOptions> client,
    IOptions<OchpEmspClientOptions> emsp, IClock clock, ILogger<OwnTokenUploadJob> logger) : IJob
{
    public const string SyncId = "emsp-token-upload";
    private const int UpdateBatchSize = 1000;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await Run(cancellationToken);

    public async Task Run(CancellationToken cancellation)
    {
        var settings = client.Value;
        if (!settings.IsEnabled || settings.Emsp?.ProviderId is not { } provider)
            return;
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession().Stamp(new EventContext("system:ochp-client", now));
        var sync = await session.LoadAsync<ClientSyncState>(SyncId, cancellation) ?? ClientSyncState.New(SyncId);
        if (!sync.MayRun(now))
            return;

        var full = OwnTokenUploads.FullListDue(await session.LoadAsync<OwnTokenList>(OwnTokenStreams.List, cancellation), now,
            Duration.FromTimeSpan(emsp.Value.TokenListRefreshInterval));
        var tokens = full
            ? await session.Query<OwnTokenUpload>().OrderBy(t => t.Id).ToListAsync(cancellation)
            : await session.Query<OwnTokenUpload>().Where(t => t.State == OwnTokenUpload.Queued).OrderBy(t => t.ChangedAt).Take(UpdateBatchSize)
                .ToListAsync(cancellation);
        if (tokens.Count == 0)
            return;

        var operation = full ? OwnTokenUploads.Set : OwnTokenUploads.Update;
        var contractIds = await vault.Reveal(tokens.Select(t => (string?)t.ContractId).ToList(), cancellation);
        var plan = OwnTokenUploads.Prepare(tokens, contractIds.Select(c => c ?? "").ToList(), operation, ProviderId.Parse(provider), now,
            Duration.FromTimeSpan(emsp.Value.TokenValidity));
        var notSendable = new List<OwnTokenRefused>();
        foreach (var refused in plan.NotSendable)
        {
            logger.LogWarning("Our token {Token} cannot go on the OCHP authorisation list: {Reason}", refused.TokenKey, refused.Reason);
            notSendable.Add(refused);
        }
        if (plan.Send.Count == 0)
        {
            await AppendAnswers(session, notSendable, cancellation);
            if (full)
                session.Events.Append(OwnTokenStreams.List, new OwnTokenListReplaced(0, 0, now));
            await session.SaveChangesAsync(cancellation);
            return;
        }

        var infos = plan.Send.Select(s => s.Info).ToList();
        (Result Result, List<RoamingAuthorisationInfo> Refused) answer;
        try
        {
            answer = full
                ? Of(await clearingHouse.Call<SetRoamingAuthorisationListRequest, SetRoamingAuthorisationListResponse>(
                    new SetRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = infos }, OchpRole.Emsp, cancellation))
                : Of(await clearingHouse.Call<UpdateRoamingAuthorisationListRequest, UpdateRoamingAuthorisationListResponse>(
                    new UpdateRoamingAuthorisationListRequest { RoamingAuthorisationInfoArray = infos }, OchpRole.Emsp, cancellation));
        }
        catch (ClearingHouseCallException failure)
        {
            await AppendAnswers(session, notSendable, cancellation);
            await Failed(session, sync, now, failure.Message, cancellation);
            return;
        }

        var events = OwnTokenUploads.Answer(plan.Send, operation, answer.Result, answer.Refused, now);
        if (events is null)
        {
            await AppendAnswers(session, notSendable, cancellation);
            await Failed(session, sync, now, $"{operation}: {ClearingHouseAnswers.Describe(answer.Result)}", cancellation);
            return;
        }
        await AppendAnswers(session, notSendable.Concat(events), cancellation);
        var refusedCount = events.Count(e => e is OwnTokenRefused);
        if (refusedCount > 0)
            logger.LogWarning("The clearing house refused {Refused} of {Sent} tokens of our {Operation}: {Result}", refusedCount, events.Count, operation,
                ClearingHouseAnswers.Describe(answer.Result));
        if (full)
            session.Events.Append(OwnTokenStreams.List, new OwnTokenListReplaced(events.Count, refusedCount, now));
        session.Store(sync.Succeeded(now));
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>
    /// Appends each answer (<see cref="OwnTokenAccepted"/> or <see cref="OwnTokenRefused"/>) to its token's stream. Locked:
    /// a consumer may have queued a new revision while the call was out, and the answer must fold into it, not into the
    /// document as it was read before the call (StreamLocks).
    /// </summary>
    public static async Task AppendAnswers(IDocumentSession session, IEnumerable<object> answers, CancellationToken cancellation)
    {
        var keyed = answers.Select(answer => (Stream: OwnTokenStreams.Of(answer is OwnTokenAccepted accepted ? accepted.TokenKey : ((OwnTokenRefused)answer).TokenKey),
            Answer: answer)).ToList();
        if (keyed.Count == 0)
            return;
        var locked = await session.FetchAllForExclusiveWriting<OwnTokenUpload>(keyed.Select(k => k.Stream), cancellation);
        foreach (var (stream, answer) in keyed)
            locked[stream].AppendOne(answer);
    }

    private static (Result, List<RoamingAuthorisationInfo>) Of(SetRoamingAuthorisationListResponse response) => (response.Result, response.RefusedRoamingAuthorisationInfo);

    private static (Result, List<RoamingAuthorisationInfo>) Of(UpdateRoamingAuthorisationListResponse response) => (response.Result, response.RefusedRoamingAuthorisationInfo);

    private async Task Failed(IDocumentSession session, ClientSyncState sync, Instant now, string problem, CancellationToken cancellation)
    {
        var failed = sync.Failed(now, problem, Duration.FromTimeSpan(client.Value.RetryFirstDelay), Duration.FromTimeSpan(client.Value.RetryMaxDelay));
        logger.LogWarning("Uploading our OCHP authorisation list failed ({Failures} in a row), next attempt at {Next}: {Problem}", failed.Failures,
            failed.NextAttemptAt, problem);
        session.Store(failed);
        await session.SaveChangesAsync(cancellation);
    }
}
