using NodaTime;

namespace Roaming.Contracts.Ingest.V1;

// Integration messages about charging transactions reported by chargers. Times: ReportedAt is the charger's clock
// (used for billing), ReceivedAt is ours (used for audit and ordering).

public sealed record ChargingTransactionStarted(
    string ChargePointId,
    string TransactionId,
    string OcppVersion,
    int OcppEvseId,
    int OcppConnectorId,
    ConnectorReference? Connector,
    string? IdTag,
    decimal MeterStartWh,
    Instant ReportedAt,
    Instant ReceivedAt,
    bool Offline,
    string AuthorizationStatus);

public sealed record MeterSample(
    Instant ReportedAt,
    string Measurand,
    string? Phase,
    string Context,
    string? Location,
    decimal? Value,
    string Unit,
    string? SignedData);

public sealed record MeterValuesReported(
    string ChargePointId,
    string TransactionId,
    IReadOnlyList<MeterSample> Samples,
    Instant ReceivedAt);

public sealed record ConnectorStatusChanged(
    string ChargePointId,
    int OcppEvseId,
    int OcppConnectorId,
    ConnectorReference? Connector,
    string Status,
    string? TransactionId,
    Instant ReportedAt,
    Instant ReceivedAt);

public sealed record ChargingTransactionStopped(
    string ChargePointId,
    string TransactionId,
    decimal MeterStopWh,
    string? Reason,
    string? IdTag,
    Instant ReportedAt,
    Instant ReceivedAt,
    /// <summary>meterStop was below meterStart (meter reset, rounding): energy is clamped to 0 and the session flagged.</summary>
    bool MeterWentBackwards,
    /// <summary>No stop ever came; the stale-transaction sweep closed it with the last known reading.</summary>
    bool ClosedBySweep);
