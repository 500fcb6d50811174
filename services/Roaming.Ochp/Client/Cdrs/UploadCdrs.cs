using System.Xml.Linq;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Quartz;
using Roaming.Ochp.Client.Transport;
using Roaming.Platform.Marten;
using Roaming.Platform.Sealing.Shredding;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Client.Cdrs;

/// <summary>
/// What an AddCDRs answer (or its failure) means for each CDR of the batch (pure): listed as implausible → implausible;
/// otherwise, in an <c>ok</c>/<c>partly</c> answer → accepted; <c>format</c>/<c>invalid-id</c> → refused when the CDR was
/// alone, else the batch is split and each CDR is sent alone (so one bad CDR does not hold the others); transport
/// failures, faults, <c>server</c>, <c>not-authorized</c> (our login) and <c>roaming</c> (no connection yet) → tried again
/// with exponential backoff, never given up.
/// </summary>
public static class CdrUploadDecision
{
    public sealed record Verdict(IReadOnlyList<(string Stream, object Event)> Events, bool SplitBatch);

    public static Verdict Decide(IReadOnlyList<OutboundCdr> batch, AddCdrsResponse? response, string? failure, Instant now, OchpClientOptions options)
    {
        if (response is null)
            return new Verdict(Failed(batch, failure ?? "no answer", now, options), false);
        var code = response.Result.ResultCode.Value;
        var text = ClearingHouseResults.Text(code);
        var description = response.Result.ResultDescription;
        switch (code)
        {
            case ResultCode.Ok or ResultCode.Partly:
                var implausible = response.ImplausibleCdrsArray.Select(id => id.Trim().ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
                return new Verdict(batch.Select(cdr => (cdr.Id, implausible.Contains(cdr.OchpCdrId!.ToUpperInvariant())
                    ? (object)new OutboundCdrImplausible(text, description, now)
                    : new OutboundCdrAccepted(text, description, now))).ToList(), false);
            case ResultCode.Format or ResultCode.InvalidId when batch.Count > 1:
                return new Verdict([], true);
            case ResultCode.Format or ResultCode.InvalidId:
                return new Verdict([(batch[0].Id, new OutboundCdrRefused(text, description, now))], false);
            default:
                return new Verdict(Failed(batch, description is { Length: > 0 } ? $"{text}: {description}" : text, now, options), false);
        }
    }

    /// <summary>The delay before attempt <paramref name="attempt"/>+1: the first delay doubled per failure, capped.</summary>
    public static Duration Backoff(int attempt, OchpClientOptions options)
    {
        var first = options.RetryFirstDelay.TotalSeconds;
        var seconds = Math.Min(options.RetryMaxDelay.TotalSeconds, first * Math.Pow(2, Math.Min(30, Math.Max(0, attempt - 1))));
        return Duration.FromSeconds(seconds);
    }

    private static IReadOnlyList<(string Stream, object Event)> Failed(IReadOnlyList<OutboundCdr> batch, string reason, Instant now, OchpClientOptions options) =>
        batch.Select(cdr => (cdr.Id, (object)new OutboundCdrUploadFailed(reason, cdr.Attempts + 1, now + Backoff(cdr.Attempts + 1, options), now))).ToList();
}

/// <summary>
/// The Quartz job (<c>Roaming:Ochp:Client:CdrUploadInterval</c>): uploads the queued CDRs that are due, in batches of
/// <c>CdrBatchSize</c>, and records each one's outcome with the clearing house's answer.
/// </summary>
[DisallowConcurrentExecution]
public sealed class UploadCdrsJob(IOchpStore store, ClearingHouseClient client, SubjectKeyVault vault, IOptions<OchpClientOptions> options, IClock clock,
    ILogger<UploadCdrsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<OutboundCdr> due;
            var now = clock.GetCurrentInstant().ToUnixTimeMilliseconds();
            await using (var query = store.QuerySession())
                due = await query.Query<OutboundCdr>()
                    .Where(c => c.State == OutboundCdrState.Queued && c.NextAttemptAtMs <= now)
                    .OrderBy(c => c.NextAttemptAtMs).ThenBy(c => c.Id)
                    .Take(settings.CdrBatchSize)
                    .ToListAsync(cancellationToken);
            if (due.Count == 0)
                return;
            var split = await Upload(due, cancellationToken);
            if (split)
            {
                foreach (var single in due)
                    await Upload([single], cancellationToken);
            }
            if (due.Count < settings.CdrBatchSize)
                return;
        }
    }

    /// <summary>One AddCDRs call and its recorded outcome; true when the batch must be split.</summary>
    private async Task<bool> Upload(IReadOnlyList<OutboundCdr> batch, CancellationToken cancellationToken)
    {
        var request = new AddCdrsRequest { CdrInfoArray = await Revealed(batch, cancellationToken) };
        AddCdrsResponse? response = null;
        string? failure = null;
        try
        {
            response = await client.Call<AddCdrsRequest, AddCdrsResponse>(request, OchpRole.Cpo, cancellationToken);
        }
        catch (ClearingHouseCallException failed)
        {
            failure = $"{failed.Failure}: {failed.Detail}";
        }
        var now = clock.GetCurrentInstant();
        var verdict = CdrUploadDecision.Decide(batch, response, failure, now, options.Value);
        if (verdict.SplitBatch)
            return true;
        await using var session = store.LightweightSession().Stamp(new EventContext("system:ochp-client", now));
        foreach (var (stream, @event) in verdict.Events)
            session.Events.Append(stream, @event);
        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("AddCDRs with {Count} CDRs: {Outcomes}", batch.Count,
            string.Join(", ", verdict.Events.GroupBy(e => e.Event.GetType().Name).Select(g => $"{g.Count()} {g.Key}")));
        return false;
    }

    private async Task<List<CdrInfo>> Revealed(IReadOnlyList<OutboundCdr> batch, CancellationToken cancellationToken)
    {
        var infos = batch.Select(cdr => OchpXml.FromElement<CdrInfo>(XElement.Parse(cdr.CdrXml!))).ToList();
        var contracts = await vault.Reveal(infos.Select(info => (string?)info.ContractId).ToList(), cancellationToken);
        for (var i = 0; i < infos.Count; i++)
            infos[i].ContractId = contracts[i]!;
        return infos;
    }
}
