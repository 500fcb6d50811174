using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Pushing;

/// <summary>
/// Sends pending deliveries oldest first, with the partner's current token. Runs in the one process per service that
/// runs the daemon, so no delivery is sent twice concurrently.
/// </summary>
public sealed class DeliveryWorker(IOcpiStore store, OcpiClient client, OwnPlatform own, HolderFields holders, IClock clock, ILogger<DeliveryWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(300);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await SendDue(stoppingToken))
                    await Task.Delay(Idle, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Delivering OCPI pushes failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    /// <summary>Sends what is due; false when nothing was.</summary>
    public async Task<bool> SendDue(CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        await using var session = store.LightweightSession();
        // The due time is compared here rather than in SQL: NodaTime Instants are stored as JSON strings.
        var due = (await session.Query<Delivery>().Where(d => d.Status == DeliveryStatus.Pending).ToListAsync(cancellation))
            .Where(d => d.NextAttemptAt <= now).OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).Take(20).ToList();
        foreach (var delivery in due)
        {
            var partner = await session.LoadAsync<Partner>(delivery.PartnerId, cancellation);
            if (partner is null || !partner.CanBeCalled)
            {
                session.Store(delivery with { Status = DeliveryStatus.Failed, LastAnswer = "partner is not registered", FinishedAt = now });
                continue;
            }
            // Queued with the holder's data encrypted: the partner gets it in clear, or [erased] once the holder was forgotten.
            var body = delivery.Body is null ? null : await holders.Reveal(delivery.Module, delivery.Body, cancellation);
            var answer = await client.Send(new OcpiCall(new HttpMethod(delivery.Method), delivery.Url, partner.TheirToken!, partner.EncodeToken,
                body, (own.CountryCode, own.PartyId),
                delivery.ToCountryCode is null ? null : (delivery.ToCountryCode, delivery.ToPartyId!)), cancellation);
            var next = DeliveryPolicy.After(delivery, answer, clock.GetCurrentInstant());
            session.Store(next);
            if (next.Status == DeliveryStatus.Failed && next.ObjectKey is not null)
                await Resync(session, partner, next, answer, cancellation);
            // Saved after each send: an acknowledged CDR POST must be recorded before anything else can fail.
            await session.SaveChangesAsync(cancellation);
            if (next.Status == DeliveryStatus.Failed)
                logger.LogWarning("OCPI {Method} {Url} to partner {Partner} failed: {Answer}", delivery.Method, delivery.Url, partner.Id, next.LastAnswer);
        }
        await session.SaveChangesAsync(cancellation);
        return due.Count > 0;
    }

    /// <summary>
    /// A push that finally failed leaves the partner's copy unknown: the version we meant it to have is forgotten, so the
    /// next change is sent whole. A PATCH the partner refused (it may lack the object) is followed by a PUT of the whole
    /// current object at once (ocpi.md 2.2: if a PATCH fails, PUT the object).
    /// </summary>
    private static async Task Resync(IDocumentSession session, Partner partner, Delivery failed, OcpiAnswer answer, CancellationToken cancellation)
    {
        var versionId = PushedVersion.IdFor(partner.Id, failed.ObjectKey!);
        session.Delete<PushedVersion>(versionId);
        if (failed.Method != "PATCH" || answer.IsTransient)
            return;
        var own = await session.LoadAsync<OcpiObject>(failed.ObjectKey!, cancellation);
        if (own is null || own.Removed)
            return;
        await DeliveryPlanner.Store(session, DeliveryPlanner.Plan([partner], own, "PUT", $"{own.CountryCode}/{own.PartyId}/{own.ObjectId}", own.Json,
            $"{failed.Id[(partner.Id.Length + 1)..]}/put-after-refused-patch", failed.FinishedAt ?? failed.CreatedAt), cancellation);
        session.Store(new PushedVersion(versionId, partner.Id, own.Id, own.Json));
    }
}
