using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Roaming.Ingest.Connections;

/// <summary>
/// The live connection of each charger. The newest connection wins: chargers often reconnect before the server sees the
/// old TCP connection die, so a second connection replaces and closes the first instead of being refused.
/// </summary>
public sealed class ConnectionRegistry
{
    private static readonly Meter Meter = new("Roaming.Ingest");
    private readonly ConcurrentDictionary<string, ChargePointConnection> _connections = new(StringComparer.Ordinal);

    public ConnectionRegistry() =>
        Meter.CreateObservableGauge("roaming.ingest.connections", () => _connections.Count);

    public int Count => _connections.Count;

    public ChargePointConnection? Find(string chargePointId) => _connections.GetValueOrDefault(chargePointId);

    /// <summary>Registers <paramref name="connection"/> and returns the one it replaced, if any.</summary>
    public ChargePointConnection? Replace(ChargePointConnection connection)
    {
        ChargePointConnection? previous = null;
        _connections.AddOrUpdate(connection.ChargePointId, connection, (_, existing) =>
        {
            previous = existing;
            return connection;
        });
        return previous;
    }

    public void Remove(ChargePointConnection connection) =>
        _connections.TryRemove(new KeyValuePair<string, ChargePointConnection>(connection.ChargePointId, connection));

    // Striped, so the gates cost a fixed amount of memory however many chargers there are.
    private readonly SemaphoreSlim[] _gates = Enumerable.Range(0, 1024).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>
    /// Held while a connecting charger loads its state and registers, and while the CSMS records facts about a charger
    /// that is not connected (the stale-transaction sweep): a charger that connects meanwhile then either sees those facts
    /// or is seen connected, never neither (which would let a late stop stop a transaction twice).
    /// </summary>
    public async Task<IDisposable> Gate(string chargePointId, CancellationToken cancellationToken)
    {
        var gate = _gates[(int)((uint)StringComparer.Ordinal.GetHashCode(chargePointId) % (uint)_gates.Length)];
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                gate.Release();
        }
    }
}
