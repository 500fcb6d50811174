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
    string AuthorizationStatus,
    /// <summary>How the token was authorized, in OCPI words (<see cref="AuthorizationMethods"/>); null from older producers means WHITELIST.</summary>
    string? AuthMethod = null,
    /// <summary>The e-MSP's authorization_reference (from its real-time answer or its START_SESSION / RESERVE_NOW).</summary>
    string? AuthorizationReference = null,
    /// <summary>The OCPP reservation the charger started this transaction on, if any.</summary>
    int? ReservationId = null);

/// <summary>How a transaction's token was authorized, as OCPI's AuthMethod.</summary>
public static class AuthorizationMethods
{
    /// <summary>Answered from the local copy of the token (or a whitelist on the charger).</summary>
    public const string Whitelist = "WHITELIST";
    /// <summary>The e-MSP was asked in real time (OCPI POST {tokens}/{uid}/authorize).</summary>
    public const string AuthRequest = "AUTH_REQUEST";
    /// <summary>Started or reserved by an e-MSP command (START_SESSION, RESERVE_NOW).</summary>
    public const string Command = "COMMAND";
}

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
