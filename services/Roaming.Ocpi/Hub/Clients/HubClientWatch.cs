using System.Text.Json;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Roaming.Ocpi.Hub.Routing;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Pushing;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Hub.Clients;

/// <summary>
/// Keeps the hub's published ClientInfo list current and tells the platforms: on every directory change (a platform
/// joined, registered, left; a participant changed; a platform went OFFLINE or came back) and every few seconds (changes
/// other nodes made), it compares the statuses with the published ones, stores what changed and queues a
/// <c>PUT {hubclientinfo}/{cc}/{pid}</c> of each change to every registered platform that implements the hubclientinfo
/// RECEIVER, through the delivery queue (retried for as long as a push is).
/// </summary>
public sealed class HubClientWatch(IOcpiStore store, HubDirectory directory, IClock clock, ILogger<HubClientWatch> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Publish(stoppingToken);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(Interval);
                await directory.Changes.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The interval passed without a change signal: look anyway.
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Publishing the hub's client info failed; retrying");
                await Task.Delay(Interval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public async Task Publish(CancellationToken cancellation)
    {
        var view = await directory.View(cancellation);
        await using var session = store.LightweightSession();
        // OFFLINE as recorded (PlatformReachabilityRecorder), not as this node last saw it: every node publishes the same.
        var offline = await HubPlatformReachability.OfflinePlatforms(session, cancellation);
        var current = HubClients.Statuses(view, offline);
        var published = (await session.Query<HubClientStatus>().ToListAsync(cancellation)).ToDictionary(s => s.Id);
        var changes = HubClients.Changes(current, published, clock.GetCurrentInstant());
        var receivers = view.Platforms.Where(p => p.CanBeCalled && p.EndpointUrl("hubclientinfo", InterfaceRoles.Receiver) is not null).ToList();
        // A platform that (re)joined has missed every earlier change: it gets the whole list once, then the changes.
        var informed = (await session.Query<HubClientInfoReceiver>().ToListAsync(cancellation)).Select(r => r.Id).ToHashSet();
        var newcomers = receivers.Where(r => !informed.Contains(r.Id)).ToList();
        var gone = informed.Except(receivers.Select(r => r.Id)).ToList();
        if (changes.Count == 0 && newcomers.Count == 0 && gone.Count == 0)
            return;
        var informedReceivers = receivers.Except(newcomers).ToList();
        foreach (var change in changes)
        {
            session.Store(change);
            published[change.Id] = change;
            await DeliveryPlanner.Store(session, Plan(informedReceivers, change), cancellation);
        }
        foreach (var status in published.Values.OrderBy(s => s.Id, StringComparer.Ordinal))
            await DeliveryPlanner.Store(session, Plan(newcomers, status), cancellation);
        foreach (var newcomer in newcomers)
            session.Store(new HubClientInfoReceiver(newcomer.Id, clock.GetCurrentInstant()));
        foreach (var platformId in gone)
            session.Delete<HubClientInfoReceiver>(platformId);
        await session.SaveChangesAsync(cancellation);
        if (changes.Count > 0)
            logger.LogInformation("Hub client info: {Changes} published to {Platforms} platforms", string.Join(", ", changes.Select(c => $"{c.Id} {c.Status}")),
                informedReceivers.Count);
        if (newcomers.Count > 0)
            logger.LogInformation("Hub client info: the whole list ({Count} parties) sent to newly registered platforms {Platforms}", published.Count,
                string.Join(", ", newcomers.Select(n => n.Id)));
    }

    /// <summary>One PUT of the change per receiving platform; the object key keeps one party's changes in order.</summary>
    public static IEnumerable<Delivery> Plan(IEnumerable<Partner> receivers, HubClientStatus change)
    {
        var body = JsonSerializer.Serialize(change.Wire, OcpiJson.Options);
        foreach (var platform in receivers)
        {
            var url = Transport.OcpiUrls.Join(platform.EndpointUrl("hubclientinfo", InterfaceRoles.Receiver)!, change.CountryCode, change.PartyId);
            yield return new Delivery($"{platform.Id}/hubclientinfo/{change.Id}/{change.LastUpdated.ToUnixTimeTicks()}", platform.Id, "hubclientinfo", "PUT", url,
                body, null, null, DeliveryStatus.Queued, 0, change.LastUpdated, change.LastUpdated, null, null, $"hubclientinfo/{change.Id}");
        }
    }
}

/// <summary>A registered platform that has been sent the whole ClientInfo list; from then on it gets the changes only.</summary>
public sealed record HubClientInfoReceiver(string Id, Instant InformedAt);
