using NodaTime;

namespace Roaming.Ingest.ChargePoints;

// The charge point stream (id = charge point identity): registration and the facts derived from its frames.
// The raw frames themselves go to a separate evidence stream (see Recording/OcppFrameRecorded).

public sealed record ConnectorMapping(int OcppEvseId, int OcppConnectorId, string LocationId, string EvseUid, string ConnectorId);

public sealed record ChargePointRegistered(string ChargePointId, string PasswordHash, IReadOnlyList<ConnectorMapping> Connectors, Instant RegisteredAt);

public sealed record ChargePointBooted(string ChargePointId, string OcppVersion, string Vendor, string Model, string? SerialNumber, string? FirmwareVersion, Instant ReceivedAt);

public sealed record ConnectorStatusReported(string ChargePointId, int OcppEvseId, int OcppConnectorId, ConnectorMapping? Connector, string Status, string? ErrorCode, string? TransactionId, Instant ReportedAt, Instant ReceivedAt);

public sealed record RecentStart(string StartKey, string TransactionId);

public sealed record OpenTransaction(
    string TransactionId,
    int OcppEvseId,
    int OcppConnectorId,
    string? IdTag,
    decimal MeterStartWh,
    Instant StartedAt,
    decimal LastMeterWh,
    Instant LastSeenAt,
    int LastSeqNo);

/// <summary>
/// What Ingest knows about one charger. Immutable; <see cref="Fold"/> folds its events. Used at connect time
/// (authentication, connector map) and by the per-connection decisions (transaction ids, duplicates, orphans).
/// </summary>
public sealed record ChargePoint
{
    public string Id { get; init; } = "";
    public string PasswordHash { get; init; } = "";
    public IReadOnlyList<ConnectorMapping> Connectors { get; init; } = [];
    public int LastTransactionNumber { get; init; }
    public IReadOnlyDictionary<string, OpenTransaction> OpenTransactions { get; init; } = new Dictionary<string, OpenTransaction>();

    /// <summary>
    /// Business keys of the latest 1.6 starts, so a retried StartTransaction (new message id) gets the same id.
    /// Bounded: retries come within minutes, and the snapshot must not grow with the charger's lifetime.
    /// </summary>
    public IReadOnlyList<RecentStart> RecentStarts { get; init; } = [];

    /// <summary>The latest stopped transactions, so a re-sent stop is answered without a second stop. Bounded like <see cref="RecentStarts"/>.</summary>
    public IReadOnlyList<string> RecentlyStopped { get; init; } = [];

    public const int RecentLimit = 100;

    public string? TransactionIdForStart(string startKey) => RecentStarts.FirstOrDefault(s => s.StartKey == startKey)?.TransactionId;

    public bool HasStopped(string transactionId) => RecentlyStopped.Contains(transactionId);

    public bool IsRegistered => PasswordHash.Length > 0;

    public ConnectorMapping? FindConnector(int evseId, int connectorId) =>
        Connectors.FirstOrDefault(c => c.OcppEvseId == evseId && c.OcppConnectorId == connectorId);

    /// <summary>OCPP 1.6 has connectors only: connectorId n is the mapping with that ocpp_connector_id.</summary>
    public ConnectorMapping? FindConnector16(int connectorId) =>
        Connectors.FirstOrDefault(c => c.OcppConnectorId == connectorId && c.OcppEvseId == connectorId)
        ?? Connectors.FirstOrDefault(c => c.OcppConnectorId == connectorId);

    public OpenTransaction? OpenOn(int evseId, int connectorId) =>
        OpenTransactions.Values.FirstOrDefault(t => t.OcppEvseId == evseId && t.OcppConnectorId == connectorId);

    public static ChargePoint Fold(ChargePoint state, object @event) => @event switch
    {
        ChargePointRegistered registered => state with
        {
            Id = registered.ChargePointId,
            PasswordHash = registered.PasswordHash,
            Connectors = registered.Connectors,
        },
        Transactions.TransactionStarted started => state with
        {
            LastTransactionNumber = int.TryParse(started.TransactionId, out var number)
                ? Math.Max(state.LastTransactionNumber, number)
                : state.LastTransactionNumber,
            OpenTransactions = With(state.OpenTransactions, started.TransactionId, new OpenTransaction(
                started.TransactionId, started.OcppEvseId, started.OcppConnectorId, started.IdTag, started.MeterStartWh,
                started.ReportedAt, started.MeterStartWh, started.ReportedAt, started.SeqNo ?? 0)),
            RecentStarts = started.StartKey is null ? state.RecentStarts : Bounded(state.RecentStarts, new RecentStart(started.StartKey, started.TransactionId)),
        },
        Transactions.MeterValuesSampled sampled when state.OpenTransactions.TryGetValue(sampled.TransactionId ?? "", out var open) =>
            state with
            {
                OpenTransactions = With(state.OpenTransactions, open.TransactionId, open with
                {
                    LastMeterWh = sampled.LastEnergyRegisterWh ?? open.LastMeterWh,
                    LastSeenAt = sampled.LastReportedAt ?? open.LastSeenAt,
                    LastSeqNo = Math.Max(open.LastSeqNo, sampled.SeqNo ?? open.LastSeqNo),
                }),
            },
        Transactions.TransactionStopped stopped => state with
        {
            OpenTransactions = Without(state.OpenTransactions, stopped.TransactionId),
            RecentlyStopped = Bounded(state.RecentlyStopped, stopped.TransactionId),
        },
        _ => state,
    };

    private static List<T> Bounded<T>(IReadOnlyList<T> recent, T item) => [.. recent.Skip(Math.Max(0, recent.Count - RecentLimit + 1)), item];

    private static Dictionary<string, TValue> With<TValue>(IReadOnlyDictionary<string, TValue> source, string key, TValue value) =>
        new(source) { [key] = value };

    private static Dictionary<string, TValue> Without<TValue>(IReadOnlyDictionary<string, TValue> source, string key)
    {
        var copy = new Dictionary<string, TValue>(source);
        copy.Remove(key);
        return copy;
    }
}
