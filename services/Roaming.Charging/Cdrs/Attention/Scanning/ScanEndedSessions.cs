using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Charging.Cdrs.Attention.Recording;
using Roaming.Charging.Cdrs.Issuing;
using Roaming.Charging.Sessions;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;

namespace Roaming.Charging.Cdrs.Attention.Scanning;

/// <summary>What one scan found: ended sessions read, and those recorded as CDRs needing attention.</summary>
public sealed record SessionScan(int Scanned, int Recorded);

/// <summary>
/// <c>POST /api/charging/cdrs/attention/scan</c>: finds the ended sessions that have neither a CDR nor an item (those that
/// ended before CDRs needing attention were kept, when an unknown location meant a log line and no CDR) and records each
/// as a CDR needing attention, with the reason that holds it today or <see cref="AttentionReasons.CdrMissing"/>. A page
/// of sessions per commit, so memory stays constant; running it again records nothing new.
/// </summary>
public static class ScanEndedSessions
{
    public const int PageSize = 500;

    /// <summary>The item of an ended session found without a CDR (pure).</summary>
    public static CdrNeedsAttention? Decide(ChargingSession session, bool hasCdr, bool hasItem, CdrInputs? inputs, UnpricedCdrs unpriced, Instant now)
    {
        if (session.Ended is null || hasCdr || hasItem)
            return null;
        var why = TransactionsNeedingAttention.WhyIncomplete(session, inputs, unpriced)
            ?? (AttentionReasons.CdrMissing, "The session ended without a CDR (before CDRs needing attention were kept). Complete it to issue the CDR.");
        return TransactionsNeedingAttention.ForSession(session, why, now);
    }

    public static void MapScanEndedSessions(this IEndpointRouteBuilder api) =>
        api.MapPost("/charging/cdrs/attention/scan", async (HttpContext http, IChargingStore store, IClock clock, IOptions<RoamingOptions> roaming,
            IOptions<CdrAttentionOptions> options, ILoggerFactory loggers, CancellationToken cancellation) =>
        {
            var actor = OperatorActor.Of(http);
            int scanned = 0, recorded = 0;
            for (var page = 0; ; page++)
            {
                var now = clock.GetCurrentInstant();
                await using var session = store.LightweightSession().Stamp(new EventContext(actor, now));
                var ended = await session.Query<ChargingSession>().Where(s => s.Ended != null).OrderBy(s => s.Id)
                    .Skip(page * PageSize).Take(PageSize).ToListAsync(cancellation);
                if (ended.Count == 0)
                    break;
                scanned += ended.Count;
                var cdrs = (await session.LoadManyAsync<IssuedCdr>(cancellation, ended.Select(s => CdrIssuer.CdrIdFor(s.Id)).ToArray()))
                    .Select(c => c.SessionId).ToHashSet();
                var items = (await session.LoadManyAsync<CdrAttentionItem>(cancellation, ended.Select(s => CdrAttentionItem.IdFor(s.Id)).ToArray()))
                    .Select(i => i.Facts.SessionId).ToHashSet();
                var missing = ended.Where(s => !cdrs.Contains(s.Id) && !items.Contains(s.Id)).ToList();
                if (missing.Count == 0)
                    continue;
                var inputsOf = await CdrInputsLoader.LoadMany(session, missing, roaming.Value.DefaultCurrency, cancellation);
                foreach (var charging in missing)
                {
                    if (Decide(charging, false, false, inputsOf(charging), options.Value.UnpricedCdrs, now) is not { } needs)
                        continue;
                    session.Events.StartStream<CdrAttentionItem>(needs.AttentionId, needs);
                    recorded++;
                }
                await session.SaveChangesAsync(cancellation);
            }
            loggers.CreateLogger(typeof(ScanEndedSessions)).LogInformation(
                "Scan by {Actor}: {Scanned} ended session(s), {Recorded} recorded as CDRs needing attention", actor, scanned, recorded);
            return Results.Ok(new SessionScan(scanned, recorded));
        }).WithName("ScanEndedSessionsForMissingCdrs").Produces<SessionScan>()
            .WithSummary("Records every ended session without a CDR or an item as a CDR needing attention (after an upgrade); idempotent.");
}
