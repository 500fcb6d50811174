using System.Collections.Concurrent;
using System.Threading.Channels;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Ocpi.Hub.Directory;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Routing;

/// <summary>
/// The routing's <see cref="HubDirectoryView"/>, kept in memory so that a forwarded request costs no directory queries:
/// reloaded when this process changed it (a platform joined, registered or left, a participant or connection changed:
/// <see cref="Changed"/>) and at least every second (another node's change). Also the platforms' connection health: a
/// platform that failed to connect is OFFLINE until a call to it succeeds, and held (4003 without trying) for
/// <see cref="HubOptions.OfflineHold"/> after each failure.
/// </summary>
public sealed class HubDirectory(IOcpiStore store, OwnPlatform own, IClock clock, IOptions<OcpiOptions> options)
{
    private static readonly Duration Fresh = Duration.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Instant> _offlineSince = new();
    private readonly ConcurrentDictionary<string, Instant> _heldUntil = new();
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile Snapshot? _cached;
    private int _version;
    private readonly SemaphoreSlim _loading = new(1, 1);

    /// <summary>Signalled on every change that may change a party's hubclientinfo status (coalesced).</summary>
    public ChannelReader<bool> Changes => _changes.Reader;

    /// <summary>The platforms that failed to connect since their last success.</summary>
    public IReadOnlyCollection<string> Offline => (IReadOnlyCollection<string>)_offlineSince.Keys;

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
        if (_cached is not { } fresh || !fresh.IsFresh(version, now))
        {
            // One load at a time: the calls that find the copy stale together wait for that one load rather than each querying.
            await _loading.WaitAsync(cancellation);
            try
            {
                if (_cached is not { } loaded || !loaded.IsFresh(version, now))
                    _cached = loaded = new Snapshot(await Load(cancellation), clock.GetCurrentInstant(), version);
                fresh = loaded;
            }
            finally
            {
                _loading.Release();
            }
        }
        var held = _heldUntil.IsEmpty ? (IReadOnlySet<string>)new HashSet<string>() : _heldUntil.Where(h => h.Value > now).Select(h => h.Key).ToHashSet();
        return fresh.View with { HeldOffline = held };
    }

    /// <summary>A loaded view: fresh while no change of this process came after it and it is at most a second old.</summary>
    private sealed record Snapshot(HubDirectoryView View, Instant LoadedAt, int Version)
    {
        public bool IsFresh(int version, Instant now) => Version >= version && now - LoadedAt <= Fresh;
    }

    private async Task<HubDirectoryView> Load(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var participants = await session.Query<HubParticipant>().ToListAsync(cancellation);
        var platforms = await session.Query<Partner>().Where(p => p.ParticipantId != null).ToListAsync(cancellation);
        var connections = await session.Query<HubConnection>().Where(c => c.Active).ToListAsync(cancellation);
        return new HubDirectoryView(HubParty, participants, platforms, connections, new HashSet<string>());
    }

    /// <summary>A call to the platform could not connect (refused, DNS, reset): OFFLINE, and held for a while.</summary>
    public void ConnectionFailed(string platformId)
    {
        var now = clock.GetCurrentInstant();
        _heldUntil[platformId] = now + Duration.FromTimeSpan(options.Value.Hub.OfflineHold);
        if (_offlineSince.TryAdd(platformId, now))
            _changes.Writer.TryWrite(true);
    }

    /// <summary>A call to the platform got an answer: CONNECTED again.</summary>
    public void ConnectionSucceeded(string platformId)
    {
        _heldUntil.TryRemove(platformId, out _);
        if (_offlineSince.TryRemove(platformId, out _))
            _changes.Writer.TryWrite(true);
    }
}
