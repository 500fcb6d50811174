using System.Collections.Concurrent;
using System.Threading.Channels;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Routing;

/// <summary>
/// The routing's <see cref="HubDirectoryView"/>, kept in memory so that a forwarded request costs no directory queries:
/// reloaded before the next call when this process changed it (a platform joined, registered or left, a participant or
/// connection changed: <see cref="Changed"/>), and in the background when it is more than a second old (another node's
/// change, a partner changed through the operator API), while the calls go on with the copy they have. A platform that
/// failed to connect is held (4003 without trying) for <see cref="HubOptions.OfflineHold"/> after each failure, on this
/// node; whether it is OFFLINE is recorded by <c>PlatformReachabilityRecorder</c>, the same for every node.
/// </summary>
public sealed class HubDirectory(IOcpiStore store, OwnPlatform own, IClock clock, IOptions<OcpiOptions> options, ILogger<HubDirectory> logger)
{
    private static readonly Duration Fresh = Duration.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Instant> _heldUntil = new();
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile Snapshot? _cached;
    private int _version;
    private int _refreshing;
    private readonly SemaphoreSlim _loading = new(1, 1);

    /// <summary>Signalled on every change that may change a party's hubclientinfo status (coalesced).</summary>
    public ChannelReader<bool> Changes => _changes.Reader;

    /// <summary>The hub's own party (ROAMING_PARTY): the TO of a broadcast, the FROM of the hub's own answers.</summary>
    public OcpiParty HubParty => OcpiParty.Of(own.CountryCode, own.PartyId);

    public void Changed()
    {
        Interlocked.Increment(ref _version);
        _changes.Writer.TryWrite(true);
    }

    public async ValueTask<HubDirectoryView> View(CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        var version = Volatile.Read(ref _version);
        var fresh = _cached;
        if (fresh is null || fresh.Version < version)
            fresh = await Reload(version, cancellation);
        else if (now - fresh.LoadedAt > Fresh)
            // Older than a second, but no change of this process came after it: answer from it and reload in the background,
            // so that no call waits for the three queries (a stall every second for every call in flight: the p99).
            _ = ReloadInBackground(version);
        if (_heldUntil.IsEmpty)
            return fresh.View;
        var held = _heldUntil.Where(h => h.Value > now).Select(h => h.Key).ToHashSet();
        return held.Count == 0 ? fresh.View : fresh.View with { HeldOffline = held };
    }

    /// <summary>Loads the directory unless another call loaded it since <paramref name="version"/> while this one waited.</summary>
    private async Task<Snapshot> Reload(int version, CancellationToken cancellation)
    {
        // One load at a time: the calls that find the copy stale together wait for that one load rather than each querying.
        await _loading.WaitAsync(cancellation);
        try
        {
            if (_cached is { } loaded && loaded.Version >= version && clock.GetCurrentInstant() - loaded.LoadedAt <= Fresh)
                return loaded;
            var started = clock.GetCurrentInstant();
            return _cached = new Snapshot(Warmed(await Load(cancellation)), started, version);
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task ReloadInBackground(int version)
    {
        // Only one: the calls that find the copy old while a load runs do not queue further loads behind it.
        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0)
            return;
        try
        {
            await Reload(version, CancellationToken.None);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // The calls go on with the copy they have; the next call after a second tries again.
            logger.LogWarning(failure, "Reloading the hub directory failed; routing with the copy loaded at {LoadedAt}", _cached?.LoadedAt);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    /// <summary>
    /// Builds the view's lookups (owners, connections, token hashes) once, here, instead of in the first call that uses them:
    /// the copies made for held-offline platforms (<c>with</c>) copy the built lookups along, so no call rebuilds them.
    /// </summary>
    private static HubDirectoryView Warmed(HubDirectoryView view)
    {
        view.ParticipantOwning(view.HubParty);
        view.Connected(view.HubParty, view.HubParty);
        view.PlatformWithToken([]);
        return view;
    }

    /// <summary>A loaded view and the change of this process it includes (<see cref="Changed"/>).</summary>
    private sealed record Snapshot(HubDirectoryView View, Instant LoadedAt, int Version);

    private async Task<HubDirectoryView> Load(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var participants = await session.Query<HubParticipant>().ToListAsync(cancellation);
        var platforms = await session.Query<Partner>().Where(p => p.ParticipantId != null).ToListAsync(cancellation);
        var connections = await session.Query<HubConnection>().Where(c => c.Active).ToListAsync(cancellation);
        return new HubDirectoryView(HubParty, participants, platforms, connections, new HashSet<string>());
    }

    /// <summary>A call to the platform could not connect (refused, DNS, reset): held for a while.</summary>
    public void ConnectionFailed(string platformId) =>
        _heldUntil[platformId] = clock.GetCurrentInstant() + Duration.FromTimeSpan(options.Value.Hub.OfflineHold);

    /// <summary>A call to the platform got an answer: no longer held.</summary>
    public void ConnectionSucceeded(string platformId) => _heldUntil.TryRemove(platformId, out _);
}
