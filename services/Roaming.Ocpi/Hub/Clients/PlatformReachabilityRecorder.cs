using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Ocpi.Hub.Routing;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Pushing;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Clients;

/// <summary>
/// Records a participant's platform OFFLINE when a forwarded call or a delivery cannot reach it, and CONNECTED again when
/// one gets an answer, as events (<see cref="HubPlatformWentOffline"/>, <see cref="HubPlatformReachedAgain"/>): every node
/// and the auditor see the same state, and the client info watch pushes it to the other platforms. The calls themselves
/// only compare with an in-memory copy of the recorded state (refreshed every second from the database, so another
/// node's change is seen) and leave a note; this service's loop writes the changes, one stream per platform with an
/// expected version, so two nodes that notice the same change at once record it once. Ordinary partners are ignored.
/// </summary>
public sealed class PlatformReachabilityRecorder(IOcpiStore store, HubDirectory directory, IClock clock, IOptions<OcpiOptions> options,
    ILogger<PlatformReachabilityRecorder> logger) : BackgroundService, IPartnerReachability
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    private sealed record Observation(bool Offline, string? Why, string Actor);

    /// <summary>The latest observation per platform that differs from what is recorded (a later one replaces it).</summary>
    private readonly ConcurrentDictionary<string, Observation> _pending = new();
    private readonly Channel<bool> _noted = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>The platforms recorded OFFLINE, as last read or written by this node.</summary>
    private volatile IReadOnlySet<string> _recordedOffline = new HashSet<string>();

    public void Answered(Partner partner, string actor) => Note(partner, false, null, actor);

    public void Unreachable(Partner partner, string why, string actor) => Note(partner, true, why, actor);

    /// <summary>On the forwarding path: nothing is allocated or written while the platform is as recorded.</summary>
    private void Note(Partner partner, bool offline, string? why, string actor)
    {
        if (partner.ParticipantId is null)
            return;
        if (_recordedOffline.Contains(partner.Id) == offline && !_pending.ContainsKey(partner.Id))
            return;
        _pending[partner.Id] = new Observation(offline, why, actor);
        _noted.Writer.TryWrite(true);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var refreshed = Stopwatch.StartNew();
        await ReadRecorded(stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    wait.CancelAfter(Refresh);
                    try
                    {
                        await _noted.Reader.ReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // A second without a note: look at what waits to settle, and at other nodes' changes.
                    }
                }
                if (refreshed.Elapsed >= Refresh)
                {
                    await ReadRecorded(stoppingToken);
                    refreshed.Restart();
                }
                await RecordPending(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Recording hub platforms' reachability failed; retrying");
                await Task.Delay(Refresh, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ReadRecorded(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        _recordedOffline = (await HubPlatformReachability.OfflinePlatforms(session, cancellation)).ToHashSet();
    }

    private async Task RecordPending(CancellationToken cancellation)
    {
        var settle = Duration.FromTimeSpan(options.Value.Hub.ReachabilitySettle);
        var changed = false;
        foreach (var platformId in _pending.Keys.ToList())
        {
            if (!_pending.TryRemove(platformId, out var observation))
                continue;
            await using var session = store.LightweightSession();
            var stream = HubPlatformReachability.StreamOf(platformId);
            var recorded = await session.LoadAsync<HubPlatformReachability>(stream, cancellation);
            var now = clock.GetCurrentInstant();
            switch (PlatformReachabilityRules.Decide(recorded, observation.Offline, now, settle))
            {
                case ReachabilityDecision.Unchanged:
                    Remember(platformId, observation.Offline);
                    continue;
                case ReachabilityDecision.Later:
                    // Unless a newer observation came in meanwhile, this one is looked at again after the next second.
                    _pending.TryAdd(platformId, observation);
                    continue;
            }
            var version = (await session.Events.FetchStreamStateAsync(stream, cancellation))?.Version ?? 0;
            // Stamped when recorded (at most the settle time after it was seen), so that changes are a settle time apart.
            object change = observation.Offline
                ? new HubPlatformWentOffline(platformId, observation.Why ?? "unreachable", observation.Actor, now)
                : new HubPlatformReachedAgain(platformId, observation.Actor, now);
            session.Events.Append(stream, version + 1, change);
            try
            {
                await session.SaveChangesAsync(cancellation);
            }
            catch (Exception exception) when (exception is JasperFx.Events.EventStreamUnexpectedMaxEventIdException or Marten.Exceptions.ExistingStreamIdCollisionException)
            {
                // Another node recorded a change of this platform at the same moment; the next observation is judged against it.
                continue;
            }
            Remember(platformId, observation.Offline);
            changed = true;
            logger.LogInformation(observation.Offline ? "Hub platform {Platform} is OFFLINE ({Actor}): {Why}" : "Hub platform {Platform} is CONNECTED again ({Actor})",
                platformId, observation.Actor, observation.Why);
        }
        if (changed)
            directory.Changed();
    }

    private void Remember(string platformId, bool offline)
    {
        var known = new HashSet<string>(_recordedOffline);
        if (offline ? known.Add(platformId) : known.Remove(platformId))
            _recordedOffline = known;
    }
}

public static class PlatformReachabilityRegistration
{
    /// <summary>Every node records what its calls find (forwarding runs on every node, deliveries on the daemon's).</summary>
    public static void AddPlatformReachability(this IServiceCollection services)
    {
        services.AddSingleton<PlatformReachabilityRecorder>();
        services.AddSingleton<IPartnerReachability>(provider => provider.GetRequiredService<PlatformReachabilityRecorder>());
        services.AddHostedService(provider => provider.GetRequiredService<PlatformReachabilityRecorder>());
    }

    public static void AddPlatformReachabilityEvents(this StoreOptions options)
    {
        options.Events.AddEventTypes([typeof(HubPlatformWentOffline), typeof(HubPlatformReachedAgain)]);
        options.Projections.Add<HubPlatformReachabilityProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
    }
}
