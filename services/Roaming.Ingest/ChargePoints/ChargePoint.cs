using NodaTime;

namespace Roaming.Ingest.ChargePoints;

// The charge point stream (id = charge point identity): registration and the facts derived from its frames.
// The raw frames themselves go to a separate evidence stream (see Recording/OcppFrameRecorded).

public sealed record ConnectorMapping(int OcppEvseId, int OcppConnectorId, string LocationId, string EvseUid, string ConnectorId);

public sealed record ChargePointRegistered(string ChargePointId, string PasswordHash, IReadOnlyList<ConnectorMapping> Connectors, Instant RegisteredAt);

public sealed record ChargePointBooted(string ChargePointId, string OcppVersion, string Vendor, string Model, string? SerialNumber, string? FirmwareVersion, Instant ReceivedAt);

/// <param name="SeqNo">2.0.1: the TransactionEvent that reported the charging state (a duplicate of it must not report again).</param>
public sealed record ConnectorStatusReported(string ChargePointId, int OcppEvseId, int OcppConnectorId, ConnectorMapping? Connector, string Status, string? ErrorCode, string? TransactionId, Instant ReportedAt, Instant ReceivedAt, int? SeqNo = null);

/// <summary>
/// The CSMS asked this charger to start a transaction for <paramref name="IdTag"/> (OCPI START_SESSION: the eMSP has
/// authorized the token). Recorded before the CALL goes out, so the StartTransaction that follows at once finds it.
/// </summary>
public sealed record RemoteStartRequested(string ChargePointId, Guid CommandId, string IdTag, Instant RequestedAt, string? AuthorizationReference = null);

/// <summary>
/// The token's e-MSP answered in real time for <paramref name="IdTag"/> at this charger (whitelist NEVER or
/// ALLOWED_OFFLINE). Recorded with the frame it answered; an Unreachable outcome is kept as evidence and never reused.
/// </summary>
/// <param name="Outcome">One of <c>RealTimeAuthorizationOutcomes</c>.</param>
/// <param name="Status">What the charger was told (OCPP 1.6 words).</param>
public sealed record TokenAuthorizedByEmsp(string ChargePointId, string IdTag, string Outcome, string Status, string? AuthorizationReference,
    string? Detail, Instant At);

/// <summary>An e-MSP command that vouches for an idTag at this charger (a remote start, or a reservation it holds).</summary>
public sealed record VouchingCommand(string IdTag, string? AuthorizationReference);

public sealed record RecentStart(string StartKey, string TransactionId);

/// <param name="LastSeenAt">The charger's time of its latest reading (billing: a sweep closes the session there).</param>
/// <param name="LastReceivedAt">Our time of the latest fact about it (the sweep's age: an offline replay with old timestamps is not stale).</param>
/// <param name="Announced">
/// false while a 2.0.1 transaction lacks its idToken (cable first, authorization later) or a start reading: the other
/// services learn of it (TransactionStarted) once both are known, or when it ends, so its session looks like a 1.6 one.
/// </param>
/// <param name="MeterStartKnown">false when the Started event carried no energy reading; the first reading becomes meterStart.</param>
/// <param name="MissingSeqNos">2.0.1 seqNos below <paramref name="LastSeqNo"/> not yet received (gaps, late arrivals fill them); bounded.</param>
/// <param name="ChargingStatus">The last charging status reported for it (1.6 status names), so an unchanged 2.0.1 chargingState is not reported again.</param>
public sealed record OpenTransaction(
    string TransactionId,
    int OcppEvseId,
    int OcppConnectorId,
    string? IdTag,
    decimal MeterStartWh,
    Instant StartedAt,
    decimal LastMeterWh,
    Instant LastSeenAt,
    int LastSeqNo,
    Instant? LastReceivedAt = null,
    bool Announced = true,
    bool MeterStartKnown = true,
    IReadOnlyList<int>? MissingSeqNos = null,
    string? ChargingStatus = null,
    bool Offline = false,
    string? AuthorizationStatus = null,
    string? AuthMethod = null,
    string? AuthorizationReference = null,
    int? ReservationId = null)
{
    public const int MissingSeqNoLimit = 200;

    /// <summary>2.0.1: a seqNo at or below the highest seen that is not a known gap was applied before.</summary>
    public bool HasSeen(int seqNo) => seqNo <= LastSeqNo && !(MissingSeqNos?.Contains(seqNo) ?? false);

    public OpenTransaction Sequenced(int? seqNo)
    {
        if (seqNo is not { } number)
            return this;
        if (number > LastSeqNo)
        {
            var gap = Enumerable.Range(LastSeqNo + 1, Math.Min(number - LastSeqNo - 1, MissingSeqNoLimit));
            var missing = (MissingSeqNos ?? []).Concat(gap).TakeLast(MissingSeqNoLimit).ToList();
            return this with { LastSeqNo = number, MissingSeqNos = missing.Count == 0 ? null : missing };
        }
        if (MissingSeqNos is null || !MissingSeqNos.Contains(number))
            return this;
        var filled = MissingSeqNos.Where(n => n != number).ToList();
        return this with { MissingSeqNos = filled.Count == 0 ? null : filled };
    }
}

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

    /// <summary>
    /// The last fact of the charger's stream this state includes, as stored in its snapshot (null: every fact, which is
    /// how snapshots were written before they could lag). Facts after it are folded when the snapshot is read
    /// (<see cref="ChargePointSnapshots.CaughtUp"/>), so the connection can skip writing the snapshot for plain readings.
    /// </summary>
    public Guid? ThroughEventId { get; init; }

    /// <summary>Remote starts asked for lately (bounded): their idTags are accepted without a local token copy.</summary>
    public IReadOnlyList<RemoteStartRequested> RemoteStarts { get; init; } = [];

    /// <summary>How long a remote start vouches for its idTag: the charger starts within seconds or the user walked away.</summary>
    public static readonly Duration RemoteStartValidity = Duration.FromMinutes(10);

    /// <summary>Reservations made through Ingest that the charger holds (bounded; ended ones are removed).</summary>
    public IReadOnlyList<Reservations.HeldReservation> Reservations { get; init; } = [];

    /// <summary>The latest real-time answers of e-MSPs at this charger (bounded).</summary>
    public IReadOnlyList<TokenAuthorizedByEmsp> EmspAnswers { get; init; } = [];

    /// <summary>
    /// The e-MSP command that vouches for <paramref name="idTag"/> now: a recent remote start for it, or the reservation
    /// the charger starts on (<paramref name="reservationId"/>, for the same idTag, not expired).
    /// </summary>
    public VouchingCommand? CommandFor(string idTag, Instant now, int? reservationId = null)
    {
        if (reservationId is { } id && Reservations.FirstOrDefault(r => r.ReservationId == id && r.IdTag == idTag && now <= r.ExpiresAt) is { } reservation)
            return new VouchingCommand(idTag, reservation.AuthorizationReference);
        return RemoteStarts.LastOrDefault(r => r.IdTag == idTag && now - r.RequestedAt <= RemoteStartValidity && now >= r.RequestedAt - Duration.FromMinutes(1))
            is { } remote ? new VouchingCommand(idTag, remote.AuthorizationReference) : null;
    }

    /// <summary>The e-MSP's real-time answer for <paramref name="idTag"/> here, if it is recent enough to stand (never an Unreachable one).</summary>
    public TokenAuthorizedByEmsp? RecentEmspAnswerFor(string idTag, Instant now) =>
        EmspAnswers.LastOrDefault(a => a.IdTag == idTag && a.Outcome != Contracts.Ocpi.V1.RealTimeAuthorizationOutcomes.Unreachable
            && now - a.At <= Authorizing.ChargerAuthorization.RealTimeAnswerValidity && now >= a.At - Duration.FromMinutes(1));

    /// <summary>
    /// Whether <paramref name="idTag"/> was sent to this charger in a remote start lately. Tokens of other e-MSPs are
    /// not always in Ingest's local copy; the e-MSP vouched for this one when it asked for the start.
    /// </summary>
    public bool WasRemotelyStartedFor(string idTag, Instant now) => CommandFor(idTag, now) is not null;

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

    /// <summary>This state under <paramref name="registration"/>: the registration document is the authority for its fields.</summary>
    public ChargePoint RegisteredAs(ChargePointRegistration registration) =>
        this with { Id = registration.Id, PasswordHash = registration.PasswordHash, Connectors = registration.Connectors };

    /// <summary>
    /// The state snapshot as stored: without the registration fields, which a connection may hold in an outdated
    /// version (see <see cref="ChargePointRegistration"/>).
    /// </summary>
    public ChargePoint WithoutRegistration() => this with { PasswordHash = "", Connectors = [] };

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
            OpenTransactions = With(state.OpenTransactions, started.TransactionId,
                state.OpenTransactions.TryGetValue(started.TransactionId, out var began)
                    // 2.0.1: the announcement of a transaction that began earlier keeps what is known of it since
                    ? began.Sequenced(started.SeqNo) with
                    {
                        IdTag = started.IdTag, MeterStartWh = started.MeterStartWh, MeterStartKnown = true, Announced = true,
                        AuthorizationStatus = started.AuthorizationStatus, AuthMethod = started.AuthMethod,
                        AuthorizationReference = started.AuthorizationReference, ReservationId = started.ReservationId ?? began.ReservationId,
                    }
                    : new OpenTransaction(
                        started.TransactionId, started.OcppEvseId, started.OcppConnectorId, started.IdTag, started.MeterStartWh,
                        started.ReportedAt, started.MeterStartWh, started.ReportedAt, started.SeqNo ?? 0, started.ReceivedAt,
                        Offline: started.Offline, AuthorizationStatus: started.AuthorizationStatus, AuthMethod: started.AuthMethod,
                        AuthorizationReference: started.AuthorizationReference, ReservationId: started.ReservationId)),
            RecentStarts = started.StartKey is null ? state.RecentStarts : Bounded(state.RecentStarts, new RecentStart(started.StartKey, started.TransactionId)),
            // a reservation the transaction started on is used up
            Reservations = started.ReservationId is { } used ? state.Reservations.Where(r => r.ReservationId != used).ToList() : state.Reservations,
        },
        RemoteStartRequested remote => state with { RemoteStarts = [.. state.RemoteStarts.TakeLast(9), remote] },
        TokenAuthorizedByEmsp answered => state with { EmspAnswers = [.. state.EmspAnswers.TakeLast(9), answered] },
        // the same reservation id again replaces the reservation (OCPP and OCPI both say so)
        Reservations.ReservationRequested reserved => state with
        {
            Reservations = [.. state.Reservations.Where(r => r.ReservationId != reserved.ReservationId).TakeLast(RecentLimit - 1),
                new Reservations.HeldReservation(reserved.ReservationId, reserved.IdTag, reserved.ExpiresAt, reserved.AuthorizationReference)],
        },
        Reservations.ReservationEnded ended => state with { Reservations = state.Reservations.Where(r => r.ReservationId != ended.ReservationId).ToList() },
        Transactions.TransactionBegan began => state with
        {
            OpenTransactions = With(state.OpenTransactions, began.TransactionId, new OpenTransaction(
                began.TransactionId, began.OcppEvseId, began.OcppConnectorId, began.IdTag, began.MeterStartWh ?? 0,
                began.ReportedAt, began.MeterStartWh ?? 0, began.ReportedAt, began.SeqNo, began.ReceivedAt,
                Announced: false, MeterStartKnown: began.MeterStartWh is not null, Offline: began.Offline,
                AuthorizationStatus: began.AuthorizationStatus, AuthMethod: began.AuthMethod, AuthorizationReference: began.AuthorizationReference,
                ReservationId: began.ReservationId)),
            Reservations = began.ReservationId is { } used ? state.Reservations.Where(r => r.ReservationId != used).ToList() : state.Reservations,
        },
        Transactions.TransactionTokenPresented presented when state.OpenTransactions.TryGetValue(presented.TransactionId, out var open) =>
            state with
            {
                OpenTransactions = With(state.OpenTransactions, open.TransactionId, open.Sequenced(presented.SeqNo) with
                {
                    IdTag = presented.IdTag, AuthorizationStatus = presented.AuthorizationStatus, LastReceivedAt = presented.ReceivedAt,
                    AuthMethod = presented.AuthMethod, AuthorizationReference = presented.AuthorizationReference,
                }),
            },
        Transactions.MeterValuesSampled sampled when state.OpenTransactions.TryGetValue(sampled.TransactionId ?? "", out var open) =>
            state with
            {
                OpenTransactions = With(state.OpenTransactions, open.TransactionId, open.Sequenced(sampled.SeqNo) with
                {
                    // a late sample (a filled seqNo gap) must not move the last reading backwards
                    LastMeterWh = sampled.LastReportedAt >= open.LastSeenAt ? sampled.LastEnergyRegisterWh ?? open.LastMeterWh : open.LastMeterWh,
                    LastSeenAt = sampled.LastReportedAt is { } at && at > open.LastSeenAt ? at : open.LastSeenAt,
                    LastReceivedAt = sampled.ReceivedAt,
                    MeterStartWh = open.MeterStartKnown ? open.MeterStartWh : sampled.FirstEnergyRegisterWh ?? open.MeterStartWh,
                    MeterStartKnown = open.MeterStartKnown || sampled.FirstEnergyRegisterWh is not null,
                }),
            },
        // Only the charging state of a 2.0.1 TransactionEvent (it has a seqNo); StatusNotification's Occupied says nothing about charging.
        ConnectorStatusReported { SeqNo: not null } status when state.OpenTransactions.TryGetValue(status.TransactionId ?? "", out var open) =>
            state with
            {
                OpenTransactions = With(state.OpenTransactions, open.TransactionId, open.Sequenced(status.SeqNo) with
                {
                    ChargingStatus = status.Status, LastReceivedAt = status.ReceivedAt,
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
