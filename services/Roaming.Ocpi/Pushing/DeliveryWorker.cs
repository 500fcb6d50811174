using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Pushing;

/// <summary>
/// Sends what is owed to partners, each partner on its own (one partner that times out never holds up another), with the
/// partner's current token. Runs in the one process per service that runs the daemon, so no delivery is sent twice
/// concurrently. Deliveries are documents: what was queued before a crash or <c>kill -9</c> is sent after the restart.
/// </summary>
public sealed class DeliveryWorker(IOcpiStore store, OcpiClient client, OwnPlatform own, HolderFields holders, IClock clock,
    IOptions<OcpiOptions> options, IPartnerReachability reachability, ILogger<DeliveryWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(200);

    /// <summary>How many due requests of one partner one round looks at (the next round takes the rest).</summary>
    private const int DueBatch = 1000;

    /// <summary>The partners being sent to now, each by its own task.</summary>
    private readonly Dictionary<string, Task> _sending = [];

    /// <summary>
    /// Partners that were unreachable (or asked us to slow down), until their next attempt: their other requests wait
    /// instead of each finding out for itself. In memory: after a restart one request per partner finds out again.
    /// </summary>
    private readonly ConcurrentDictionary<string, Instant> _unreachableUntil = new();

    private RetryTimings Timings => options.Value.DeliveryTimings;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartDuePartners(stoppingToken);
                await Task.Delay(Idle, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Planning OCPI deliveries failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        // A request cut off here was not recorded as sent: it goes again after the restart (at least once, like any retry).
        await Task.WhenAll(_sending.Values).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Starts a sending task for every partner that has a request due, is not being sent to and is not held back.</summary>
    private async Task StartDuePartners(CancellationToken cancellation)
    {
        foreach (var (partnerId, task) in _sending.Where(s => s.Value.IsCompleted).ToList())
        {
            _sending.Remove(partnerId);
            if (task.IsFaulted)
                logger.LogError(task.Exception, "Sending OCPI deliveries to partner {Partner} failed; retrying", partnerId);
        }
        var now = clock.GetCurrentInstant();
        var held = _sending.Keys.Concat(_unreachableUntil.Where(p => p.Value > now).Select(p => p.Key)).ToArray();
        var nowUtc = now.ToDateTimeOffset();
        IReadOnlyList<string> due;
        await using (var session = store.QuerySession())
        {
            var query = Owed(session).Where(d => d.NextAttemptAtUtc <= nowUtc);
            if (held.Length > 0)
                query = query.Where(d => !d.PartnerId.IsOneOf(held));
            due = await query.Select(d => d.PartnerId).Distinct().ToListAsync(cancellation);
        }
        foreach (var partnerId in due)
            _sending[partnerId] = Task.Run(() => SendToPartner(partnerId, cancellation), cancellation);
    }

    private static IQueryable<Delivery> Owed(IQuerySession session) =>
        session.Query<Delivery>().Where(d => d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Retrying);

    /// <summary>
    /// The partner's requests that may go now: those due, unless an earlier request for the same object still waits. Asked
    /// in two small queries (what is due, then the queue of just those objects) rather than loading the partner's queue.
    /// </summary>
    private async Task<IReadOnlyList<Delivery>> DueHeads(IQuerySession session, string partnerId, CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        var nowUtc = now.ToDateTimeOffset();
        var due = await Owed(session).Where(d => d.PartnerId == partnerId && d.NextAttemptAtUtc <= nowUtc)
            .OrderBy(d => d.QueuedAtUtc).Take(DueBatch).ToListAsync(cancellation);
        if (due.Count == 0)
            return [];
        var objects = due.Select(d => d.OrderingKey).Distinct().ToArray();
        var queues = await Owed(session).Where(d => d.PartnerId == partnerId && d.OrderingKey.IsOneOf(objects)).ToListAsync(cancellation);
        return DeliveryQueue.DueHeads(queues, now).GetValueOrDefault(partnerId) ?? [];
    }

    /// <summary>Sends the partner's due requests in order until none is due or the partner turns out unreachable.</summary>
    private async Task SendToPartner(string partnerId, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            await using var session = store.LightweightSession();
            var heads = await DueHeads(session, partnerId, cancellation);
            if (heads.Count == 0 || !await SendHeads(session, partnerId, heads, cancellation))
                return;
        }
    }

    /// <summary>Sends one round of heads; false when the partner is unreachable (the rest waits).</summary>
    private async Task<bool> SendHeads(IDocumentSession session, string partnerId, IReadOnlyList<Delivery> heads, CancellationToken cancellation)
    {
        var partner = await session.LoadAsync<Partner>(partnerId, cancellation);
        string? unreachable = null;
        foreach (var delivery in heads)
        {
            var now = clock.GetCurrentInstant();
            if (partner is null || !partner.CanBeCalled)
            {
                session.Store(delivery with { Status = DeliveryStatus.Rejected, LastAnswer = "partner is not registered", FinishedAt = now });
                await session.SaveChangesAsync(cancellation);
                continue;
            }
            if (unreachable is not null)
            {
                // The partner just did not answer: what waited past its ceiling is given up without calling again.
                if (now < DeliveryPolicy.GiveUpAt(delivery, Timings))
                    return false;
                await Finish(session, partner, DeliveryPolicy.Expire(delivery, now, $"partner unreachable ({unreachable})"), cancellation);
                continue;
            }
            var answer = await Send(partner, delivery, cancellation);
            var next = DeliveryPolicy.After(delivery, answer, clock.GetCurrentInstant(), Timings, Random.Shared.NextDouble());
            await Finish(session, partner, next, cancellation);
            if (DeliveryPolicy.Judge(answer) == Verdict.PartnerUnreachable)
            {
                unreachable = next.LastAnswer;
                reachability.Unreachable(partner, unreachable ?? "unreachable", "hub:delivery");
                _unreachableUntil[partnerId] = next.Status == DeliveryStatus.Retrying
                    ? next.NextAttemptAt
                    : clock.GetCurrentInstant() + DeliveryPolicy.Backoff(next.Attempts, Timings, Random.Shared.NextDouble());
            }
            else
            {
                _unreachableUntil.TryRemove(partnerId, out _);
                reachability.Answered(partner, "hub:delivery");
            }
        }
        return unreachable is null;
    }

    private async Task<OcpiAnswer> Send(Partner partner, Delivery delivery, CancellationToken cancellation)
    {
        // Queued with the holder's data encrypted: the partner gets it in clear, or [erased] once the holder was forgotten.
        var body = delivery.Body is null ? null : await holders.Reveal(delivery.Module, delivery.Body, cancellation);
        return await client.Send(new OcpiCall(new HttpMethod(delivery.Method), delivery.Url, partner.TheirToken!, partner.EncodeToken,
            body, delivery.FromCountryCode is null ? (own.CountryCode, own.PartyId) : (delivery.FromCountryCode, delivery.FromPartyId!),
            delivery.ToCountryCode is null ? null : (delivery.ToCountryCode, delivery.ToPartyId!)), cancellation);
    }

    /// <summary>Records the attempt at once: an acknowledged CDR POST must be recorded before anything else can fail.</summary>
    private async Task Finish(IDocumentSession session, Partner partner, Delivery next, CancellationToken cancellation)
    {
        session.Store(next);
        if (next.Status is DeliveryStatus.Rejected or DeliveryStatus.Expired && next.ObjectKey is not null)
            await Resync(session, partner, next, cancellation);
        await session.SaveChangesAsync(cancellation);
        if (next.Status is DeliveryStatus.Rejected or DeliveryStatus.Expired)
            logger.LogWarning("OCPI {Method} {Url} to partner {Partner} {Status}: {Answer}", next.Method, next.Url, partner.Id, next.Status, next.LastAnswer);
    }

    /// <summary>
    /// A push that finally failed leaves the partner's copy unknown: the version we meant it to have is forgotten, so the
    /// next change is sent whole. A PATCH the partner refused (it may lack the object) is followed by a PUT of the whole
    /// current object at once (ocpi.md 2.2: if a PATCH fails, PUT the object).
    /// </summary>
    private static async Task Resync(IDocumentSession session, Partner partner, Delivery failed, CancellationToken cancellation)
    {
        var versionId = PushedVersion.IdFor(partner.Id, failed.ObjectKey!);
        session.Delete<PushedVersion>(versionId);
        if (failed.Method != "PATCH" || failed.Status != DeliveryStatus.Rejected)
            return;
        var own = await session.LoadAsync<OcpiObject>(failed.ObjectKey!, cancellation);
        if (own is null || own.Removed)
            return;
        await DeliveryPlanner.Store(session, DeliveryPlanner.Plan([partner], own, "PUT", $"{own.CountryCode}/{own.PartyId}/{own.ObjectId}", own.Json,
            $"{failed.Id[(partner.Id.Length + 1)..]}/put-after-refused-patch", failed.FinishedAt ?? failed.CreatedAt), cancellation);
        session.Store(new PushedVersion(versionId, partner.Id, own.Id, own.Json));
    }
}
