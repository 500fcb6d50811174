using NodaTime;
using Roaming.Platform.Identity;

namespace Roaming.Charging.Sessions;

// The session stream (id derived from charge point + transaction id, so redelivered messages find it again).
// Times: *At is the charger-reported moment (billing); ReceivedAt is ours (audit).

public sealed record SessionStarted(
    string SessionId,
    string CountryCode,
    string PartyId,
    string ChargePointId,
    string TransactionId,
    string LocationId,
    string EvseUid,
    string ConnectorId,
    string? TokenUid,
    string AuthorizationStatus,
    decimal MeterStartWh,
    Instant StartedAt,
    Instant ReceivedAt,
    /// <summary>OCPI auth_method (AUTH_REQUEST, COMMAND, WHITELIST); null in sessions recorded before it was kept (WHITELIST).</summary>
    string? AuthMethod = null,
    /// <summary>OCPI authorization_reference the e-MSP gave (real-time answer, START_SESSION or RESERVE_NOW).</summary>
    string? AuthorizationReference = null)
{
    /// <summary>The auth_method the OCPI Session and CDR carry.</summary>
    public string OcpiAuthMethod => AuthMethod ?? "WHITELIST";
}

public sealed record MeterSampleRecorded(Instant At, string Measurand, string? Phase, string Context, decimal? Value, string Unit, string? SignedData);

public sealed record MeterSamplesRecorded(string SessionId, IReadOnlyList<MeterSampleRecorded> Samples, Instant ReceivedAt);

/// <summary>
/// New energy readings moved the running session on: its kWh and, with a tariff, its cost and charging periods so far
/// (priced with the tariff version valid at its start), so that partners see them change before the CDR.
/// </summary>
public sealed record SessionProgressed(string SessionId, string CountryCode, string PartyId, decimal Kwh, string? Currency,
    Roaming.Protocols.Ocpi.Price? TotalCost, IReadOnlyList<Roaming.Protocols.Ocpi.Pricing.ChargingPeriod>? ChargingPeriods, Instant At);

public sealed record ConnectorStatusRecorded(string SessionId, string Status, Instant At, Instant ReceivedAt);

public sealed record SessionEnded(
    string SessionId,
    decimal MeterStopWh,
    Instant EndedAt,
    Instant ReceivedAt,
    string? Reason,
    bool MeterWentBackwards,
    bool ClosedBySweep);

/// <summary>
/// An operator corrected what the charger reported so that the session's CDR could be issued (a CDR needing attention):
/// the OCPI connector it charged at and its meter readings. The actor is in the event's metadata.
/// </summary>
public sealed record SessionCorrected(string SessionId, string LocationId, string EvseUid, string ConnectorId, decimal MeterStartWh, decimal MeterStopWh,
    Instant At);

public enum SessionStatus
{
    Active,
    Completed,
}

/// <summary>
/// A charging session folded from its stream. <see cref="Samples"/> is every sample only where the session was folded
/// from its whole stream in memory (tests, <see cref="SessionSamples"/>): the stored document (the inline
/// <see cref="ChargingSessionProjection"/>) keeps none, so that recording a reading rewrites a document of constant size
/// instead of one that grows with the session (an 8-hour session at 10-second MeterValues has about 2,900 of them).
/// The document keeps what the decisions need instead: the last energy reading (<see cref="LastEnergyReading"/>) and
/// the time of the last published progress; pricing (running cost, CDR, explanation) loads the samples from the stream.
/// </summary>
public sealed record ChargingSession(
    string Id,
    SessionStarted Started,
    IReadOnlyList<MeterSampleRecorded> Samples,
    IReadOnlyList<ConnectorStatusRecorded> Statuses,
    SessionEnded? Ended,
    /// <summary>The reading time of the last <see cref="SessionProgressed"/> (its <c>At</c>); null before the first.</summary>
    Instant? ProgressedAt = null)
{
    /// <summary>
    /// The latest energy register reading (no phase, with a value; of equal times the last recorded), kept through
    /// <see cref="Fold"/>. Set from <see cref="Samples"/> when constructed with them, which also reads documents stored
    /// before the samples left the document (they still carry theirs) correctly.
    /// </summary>
    public MeterSampleRecorded? LastEnergyReading { get; init; } = LatestEnergyReading(Samples);

    public SessionStatus Status => Ended is null ? SessionStatus.Active : SessionStatus.Completed;

    public static string IdFor(string chargePointId, string transactionId) => DeterministicGuid.From("charging-session", $"{chargePointId}/{transactionId}").ToString();

    public static ChargingSession Begin(SessionStarted started) => new(started.SessionId, started, [], [], null);

    /// <summary>
    /// Appends share storage with the previous state (<see cref="AppendOnlyList{T}"/>), so folding a whole stream is linear
    /// in its samples; copying every sample per event made it quadratic (95 MB allocated for 8 h of 10-second MeterValues).
    /// </summary>
    public static ChargingSession Fold(ChargingSession session, object @event) => @event switch
    {
        MeterSamplesRecorded recorded => session with
        {
            Samples = AppendOnlyList<MeterSampleRecorded>.Of(session.Samples).Append(recorded.Samples),
            LastEnergyReading = LatestEnergyReading(recorded.Samples, session.LastEnergyReading),
        },
        ConnectorStatusRecorded status => session with { Statuses = AppendOnlyList<ConnectorStatusRecorded>.Of(session.Statuses).Append(status) },
        SessionEnded ended => session with { Ended = ended },
        SessionProgressed progressed => session with { ProgressedAt = progressed.At },
        SessionCorrected corrected => session with
        {
            Started = session.Started with
            {
                LocationId = corrected.LocationId, EvseUid = corrected.EvseUid, ConnectorId = corrected.ConnectorId, MeterStartWh = corrected.MeterStartWh,
            },
            Ended = session.Ended is null ? null
                : session.Ended with { MeterStopWh = corrected.MeterStopWh, MeterWentBackwards = corrected.MeterStopWh < corrected.MeterStartWh },
        },
        _ => session,
    };

    /// <summary>The same state without its samples: the shape of the stored document.</summary>
    public ChargingSession WithoutSamples() => Samples.Count == 0 ? this : this with { Samples = [] };

    /// <summary>The latest energy register reading of <paramref name="samples"/> at or after <paramref name="since"/> (else <paramref name="since"/>).</summary>
    public static MeterSampleRecorded? LatestEnergyReading(IEnumerable<MeterSampleRecorded> samples, MeterSampleRecorded? since = null)
    {
        var latest = since;
        foreach (var sample in samples)
        {
            if (sample is { Measurand: "Energy.Active.Import.Register", Phase: null, Value: not null } && (latest is null || sample.At >= latest.At))
                latest = sample;
        }
        return latest;
    }

    /// <summary>Energy delivered so far in kWh, never negative (a meter that went backwards counts as 0).</summary>
    public decimal EnergyKwh =>
        Math.Max(0m, (Ended?.MeterStopWh ?? LastEnergyReading?.Value ?? Started.MeterStartWh) - Started.MeterStartWh) / 1000m;
}
