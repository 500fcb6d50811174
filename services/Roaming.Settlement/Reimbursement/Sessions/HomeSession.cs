using Marten.Events.Aggregation;
using NodaTime;

namespace Roaming.Settlement.Reimbursement.Sessions;

// One stream per reimbursable session, whatever its source: an OCPP transaction of a home charger (started, metered,
// stopped, as Ingest reports it), a MID meter reading posted by the employee, or a roaming CDR of a company token.

/// <summary>A home charger of an employee started a transaction. Times are the charger's (billing); <paramref name="ReceivedAt"/> is ours.</summary>
public sealed record HomeTransactionStarted(string Key, string EmployerId, string EmployeeId, string ChargePointId, string TransactionId,
    decimal MeterStartWh, Instant StartedAt, Instant ReceivedAt);

/// <summary>Energy register readings (Wh) of the running transaction and the meter's signed values, as evidence.</summary>
public sealed record HomeTransactionMetered(string Key, IReadOnlyList<RegisterReading> Readings, IReadOnlyList<string> SignedData, Instant ReceivedAt);

public sealed record RegisterReading(Instant At, decimal RegisterWh);

public sealed record HomeTransactionStopped(string Key, decimal MeterStopWh, Instant StoppedAt, Instant ReceivedAt, bool MeterWentBackwards);

/// <summary>The employee posted a MID meter reading covering [<paramref name="Start"/>, <paramref name="End"/>).</summary>
public sealed record MeterReadingRecorded(string Key, string EmployerId, string EmployeeId, string ReadingId, string MeterId, Instant Start, Instant End,
    decimal StartWh, decimal EndWh, string? SignedData, string Actor, Instant At);

/// <summary>A roaming CDR of an employee's company token: reimbursed at what it cost (<paramref name="Amount"/>, incl. VAT when stated).</summary>
public sealed record RoamingCdrMatched(string Key, string EmployerId, string EmployeeId, string CdrId, string PartyId, string TokenUid, Instant Start,
    Instant End, decimal EnergyKwh, string Currency, decimal Amount, string? SignedData, Instant At);

public static class HomeSessionSources
{
    public const string HomeCharger = "home_charger";
    public const string MidMeter = "mid_meter";
    public const string RoamingCdr = "roaming_cdr";
}

/// <summary>
/// A session to reimburse (inline projection of its stream; id = the stream key): whose it is, when it started (UTC,
/// indexed: a close takes the sessions that started in the month), the meter's readings and the signed evidence.
/// </summary>
/// <param name="Reference">Transaction id, reading id or CDR id.</param>
/// <param name="MeterId">The charge point id, the MID meter id, or for a roaming CDR the CPO that issued it (<c>DE*ABC</c>).</param>
/// <param name="StartWh">Register at the start (0 for a roaming CDR, whose <paramref name="EndWh"/> is its energy).</param>
public sealed record HomeSession(string Id, string EmployerId, string EmployeeId, string Source, string Reference, string MeterId, Instant Start,
    Instant? End, decimal StartWh, decimal? EndWh, IReadOnlyList<RegisterReading> Readings, IReadOnlyList<string> SignedData, string? CdrCurrency,
    decimal? CdrAmount, bool MeterWentBackwards)
{
    public bool Complete => End is not null && EndWh is not null;

    /// <summary>The start as Marten's LINQ can compare it (it cannot compare NodaTime types): what a close and the overlap check query.</summary>
    public DateTimeOffset StartUtc => Start.ToDateTimeOffset();

    public DateTimeOffset? EndUtc => End?.ToDateTimeOffset();

    /// <summary>Energy in kWh: what the meter counted between start and end, never negative.</summary>
    public decimal EnergyKwh => Complete ? Math.Max(0m, EndWh!.Value - StartWh) / 1000m : 0m;

    public static string TransactionKey(string chargePointId, string transactionId) => $"home-tx:{chargePointId}:{transactionId}";

    public static string ReadingKey(string employerId, string employeeId, string readingId) => $"meter-reading:{employerId}:{employeeId}:{readingId}";

    public static string CdrKey(string partyId, string cdrId) => $"roaming-cdr:{partyId}:{cdrId}";
}

public sealed class HomeSessionProjection : SingleStreamProjection<HomeSession, string>
{
    public static HomeSession Create(HomeTransactionStarted e) => new(e.Key, e.EmployerId, e.EmployeeId, HomeSessionSources.HomeCharger, e.TransactionId,
        e.ChargePointId, e.StartedAt, null, e.MeterStartWh, null, [], [], null, null, false);

    public static HomeSession Apply(HomeTransactionMetered e, HomeSession current) => current with
    {
        Readings = [.. current.Readings, .. e.Readings], SignedData = [.. current.SignedData, .. e.SignedData],
    };

    public static HomeSession Apply(HomeTransactionStopped e, HomeSession current) => current with
    {
        End = e.StoppedAt < current.Start ? current.Start : e.StoppedAt, EndWh = e.MeterStopWh, MeterWentBackwards = e.MeterWentBackwards,
    };

    public static HomeSession Create(MeterReadingRecorded e) => new(e.Key, e.EmployerId, e.EmployeeId, HomeSessionSources.MidMeter, e.ReadingId, e.MeterId,
        e.Start, e.End, e.StartWh, e.EndWh, [], e.SignedData is null ? [] : [e.SignedData], null, null, false);

    public static HomeSession Create(RoamingCdrMatched e) => new(e.Key, e.EmployerId, e.EmployeeId, HomeSessionSources.RoamingCdr, e.CdrId, e.PartyId,
        e.Start, e.End, 0m, e.EnergyKwh * 1000m, [], e.SignedData is null ? [] : [e.SignedData], e.Currency, e.Amount, false);
}
