using System.Xml.Linq;
using Marten;
using Microsoft.Extensions.Logging;
using NodaTime;
using Quartz;
using Roaming.Contracts.Identifiers;
using Roaming.Ochp.Client.Transport;
using Roaming.Platform.Marten;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Client.ChargePoints;

/// <summary>
/// What a SetChargepointList / UpdateChargePointList answer means for each charge point sent (pure): refused ones are
/// recorded as refused, the others as sent; an answer that took nothing (<c>server</c>, <c>not-authorized</c>,
/// <c>roaming</c>, <c>format</c>, <c>invalid-id</c>) records nothing, so they stay pending and go again at the next run.
/// </summary>
public static class ChargePointUploadDecision
{
    public static IReadOnlyList<(string Stream, object Event)> Decide(IReadOnlyList<OwnChargePoint> sent, bool fullList, Result result,
        IReadOnlyList<ChargePointInfo> refused, Instant now)
    {
        if (ClearingHouseResults.Judge(result) is not (ClearingHouseVerdict.Accepted or ClearingHouseVerdict.PartlyAccepted))
            return [];
        var code = ClearingHouseResults.Text(result.ResultCode.Value);
        var refusedIds = refused.Select(r => Normalised(r.EvseId)).ToHashSet(StringComparer.Ordinal);
        return sent.Select(point => (point.Id, refusedIds.Contains(Normalised(point.EvseId))
            ? (object)new OwnChargePointRefused(point.Version, code, result.ResultDescription, now)
            : new OwnChargePointSent(point.Version, fullList, code, now))).ToList();
    }

    private static string Normalised(string evseId) => EvseId.TryParse(evseId, out var id) ? id.Normalised : evseId;
}

/// <summary>
/// The Quartz job (<c>ChargePointUploadInterval</c>): the first upload is the full list (SetChargepointList), later ones
/// only what changed (UpdateChargePointList).
/// </summary>
[DisallowConcurrentExecution]
public sealed class UploadChargePointsJob(IOchpStore store, ClearingHouseClient client, IClock clock, ILogger<UploadChargePointsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<OwnChargePoint> pending;
        bool fullList;
        await using (var query = store.QuerySession())
        {
            pending = await query.Query<OwnChargePoint>().Where(p => p.Pending).OrderBy(p => p.Id).ToListAsync(cancellationToken);
            if (pending.Count == 0)
                return;
            fullList = !await query.Query<OwnChargePoint>().AnyAsync(p => p.EverSent, cancellationToken);
            if (fullList)
                pending = await query.Query<OwnChargePoint>().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        }
        var infos = pending.Select(p => OchpXml.FromElement<ChargePointInfo>(XElement.Parse(p.ChargePointXml))).ToList();
        Result result;
        IReadOnlyList<ChargePointInfo> refused;
        try
        {
            if (fullList)
            {
                var answer = await client.Call<SetChargePointListRequest, SetChargePointListResponse>(
                    new SetChargePointListRequest { ChargePointInfoArray = infos }, OchpRole.Cpo, cancellationToken);
                (result, refused) = (answer.Result, answer.RefusedChargePointInfo);
            }
            else
            {
                var answer = await client.Call<UpdateChargePointListRequest, UpdateChargePointListResponse>(
                    new UpdateChargePointListRequest { ChargePointInfoArray = infos }, OchpRole.Cpo, cancellationToken);
                (result, refused) = (answer.Result, answer.RefusedChargePointInfo);
            }
        }
        catch (ClearingHouseCallException failed)
        {
            logger.LogWarning("Charge point upload of {Count} EVSEs failed, tried again at the next run: {Failure}", pending.Count, failed.Message);
            return;
        }
        var now = clock.GetCurrentInstant();
        var events = ChargePointUploadDecision.Decide(pending, fullList, result, refused, now);
        if (events.Count == 0)
        {
            logger.LogWarning("Charge point upload of {Count} EVSEs not taken ({Code} {Description}), tried again at the next run", pending.Count,
                result.ResultCode.Value, result.ResultDescription);
            return;
        }
        await Record(store, events, now, cancellationToken);
    }

    /// <summary>
    /// Records the clearing house's answer. Locked: a new version may have been queued while the call was out, and
    /// "version N sent" must fold into it, not into the document as it was read before the call (StreamLocks).
    /// </summary>
    public static async Task Record(IOchpStore store, IReadOnlyList<(string Stream, object Event)> events, Instant now, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession().Stamp(new EventContext("system:ochp-client", now));
        var locked = await session.FetchAllForExclusiveWriting<OwnChargePoint>(events.Select(e => e.Stream), cancellationToken);
        foreach (var (stream, @event) in events)
            locked[stream].AppendOne(@event);
        await session.SaveChangesAsync(cancellationToken);
    }
}
