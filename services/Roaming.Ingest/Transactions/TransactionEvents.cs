using NodaTime;

namespace Roaming.Ingest.Transactions;

// Transaction facts of the charge point stream. ReportedAt is the charger's clock (billing), ReceivedAt ours (audit).

/// <param name="StartKey">1.6: the business key of the StartTransaction (retries come with new message ids).</param>
/// <param name="SeqNo">2.0.1: the TransactionEvent sequence number.</param>
/// <param name="AuthMethod">How the token was authorized (OCPI words, <c>AuthorizationMethods</c>); null in facts recorded before it was kept (WHITELIST).</param>
/// <param name="AuthorizationReference">The e-MSP's authorization_reference, if it gave one.</param>
/// <param name="ReservationId">The OCPP reservation the charger started this transaction on.</param>
public sealed record TransactionStarted(
    string ChargePointId,
    string TransactionId,
    string OcppVersion,
    int OcppEvseId,
    int OcppConnectorId,
    ChargePoints.ConnectorMapping? Connector,
    string? IdTag,
    decimal MeterStartWh,
    string AuthorizationStatus,
    Instant ReportedAt,
    Instant ReceivedAt,
    bool Offline,
    string? StartKey,
    int? SeqNo,
    string? AuthMethod = null,
    string? AuthorizationReference = null,
    int? ReservationId = null);

/// <summary>
/// 2.0.1: a transaction began but cannot be announced yet (no idToken, cable first; or no energy reading at its start).
/// Internal: the announcement (<see cref="TransactionStarted"/>) follows when both are known or when it ends.
/// </summary>
public sealed record TransactionBegan(
    string ChargePointId,
    string TransactionId,
    int OcppEvseId,
    int OcppConnectorId,
    ChargePoints.ConnectorMapping? Connector,
    string? IdTag,
    string? AuthorizationStatus,
    decimal? MeterStartWh,
    Instant ReportedAt,
    Instant ReceivedAt,
    bool Offline,
    int SeqNo,
    string? AuthMethod = null,
    string? AuthorizationReference = null,
    int? ReservationId = null);

/// <summary>2.0.1: the idToken of a running transaction arrived in a TransactionEvent Updated (authorized after plug-in).</summary>
public sealed record TransactionTokenPresented(
    string ChargePointId,
    string TransactionId,
    string IdTag,
    string AuthorizationStatus,
    Instant ReportedAt,
    Instant ReceivedAt,
    int SeqNo,
    string? AuthMethod = null,
    string? AuthorizationReference = null);

public sealed record SampledValue(Instant ReportedAt, string Measurand, string? Phase, string Context, string? Location, decimal? Value, string Unit, string? SignedData);

public sealed record MeterValuesSampled(
    string ChargePointId,
    string? TransactionId,
    int OcppEvseId,
    int OcppConnectorId,
    IReadOnlyList<SampledValue> Samples,
    Instant ReceivedAt,
    int? SeqNo)
{
    /// <summary>The latest phase-less energy register reading in Wh, if any (a phase-less sample is the total; at equal times the Transaction.End reading).</summary>
    public decimal? LastEnergyRegisterWh => Samples
        .Where(s => s.Measurand == "Energy.Active.Import.Register" && s.Phase is null && s.Value is not null)
        .OrderBy(s => s.ReportedAt).ThenBy(s => s.Context == "Transaction.End" ? 1 : 0).Select(s => s.Value).LastOrDefault();

    /// <summary>The earliest phase-less energy register reading in Wh (a Transaction.Begin reading comes first).</summary>
    public decimal? FirstEnergyRegisterWh => Samples
        .Where(s => s.Measurand == "Energy.Active.Import.Register" && s.Phase is null && s.Value is not null)
        .OrderBy(s => s.ReportedAt).ThenBy(s => s.Context == "Transaction.Begin" ? 0 : 1).Select(s => s.Value).FirstOrDefault();

    public Instant? LastReportedAt => Samples.Count == 0 ? null : Samples.Max(s => s.ReportedAt);
}

/// <param name="MeterWentBackwards">meterStop below meterStart: energy is clamped to 0 downstream and the session flagged.</param>
/// <param name="Orphan">A stop for a transaction this charger never started here (lost StartTransaction).</param>
/// <param name="ClosedBySweep">No stop came in time; closed at the last known reading by the stale-transaction sweep.</param>
public sealed record TransactionStopped(
    string ChargePointId,
    string TransactionId,
    decimal MeterStopWh,
    string? Reason,
    string? IdTag,
    Instant ReportedAt,
    Instant ReceivedAt,
    bool MeterWentBackwards,
    bool Orphan,
    bool ClosedBySweep);
