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
}
