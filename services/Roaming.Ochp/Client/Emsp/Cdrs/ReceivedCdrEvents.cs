using Marten.Events.Aggregation;
using NodaTime;
using Roaming.Contracts.Charging.V1;

namespace Roaming.Ochp.Client.Emsp.Cdrs;

/// <summary>
/// A CDR of one of our contracts came from the clearing house (GetCDRs) in <paramref name="ClearingStatus"/>
/// (accepted, or revised after we declined it: then a new <paramref name="Round"/>). <paramref name="Xml"/> is the
/// <c>CDRInfo</c> as received except its <c>contractId</c>, which is kept, like <paramref name="ContractId"/>, encrypted
/// under the holder's key.
/// </summary>
public sealed record PartnerCdrFetched(string Key, string CdrId, string EvseId, string CountryCode, string PartyId, string ClearingStatus,
    string ContractId, string Currency, decimal? TotalCost, string Xml, int Round, Instant At);

/// <summary>
/// The CDR, as OCPI, goes to Charging for re-pricing with the CPO's tariff (published as <c>Ocpi.V1.PartnerCdrReceived</c>).
/// <paramref name="TimeZone"/> is the fixed offset of the CDR's start (OCHP CDRs carry local times, no zone).
/// </summary>
public sealed record PartnerCdrReconciliationAsked(string Key, string CountryCode, string PartyId, string CdrId, string CdrJson,
    IReadOnlyList<string> TariffJsons, string? TariffId, string? TimeZone, Instant At);

/// <summary>
/// Our answer for the CDR: <paramref name="Decision"/> <c>approved</c> when it re-priced to the cent (<paramref name="Outcome"/>
/// verified), else <c>declined</c> (discrepancy, not reconciled) with <paramref name="Reason"/>.
/// </summary>
public sealed record PartnerCdrDecided(string Key, string Decision, string Outcome, IReadOnlyList<PartnerCdrDifference> Differences, string? Reason,
    Instant At);

/// <summary>The clearing house took our decision (ConfirmCDRs): <paramref name="Answer"/> is its result.</summary>
public sealed record PartnerCdrConfirmed(string Key, string Decision, string Answer, Instant At);

/// <summary>The clearing house refused our confirmation (invalid-id, format): it is not retried; an operator looks at it.</summary>
public sealed record PartnerCdrConfirmationRefused(string Key, string Decision, string Answer, Instant At);

public static class ReceivedCdrStreams
{
    /// <summary>A CDR is known by its CdrId and EVSE-ID (OCHP's key; 1.3 CdrIds were unique per EVSE only).</summary>
    public static string Of(string cdrId, string normalisedEvseId) => $"ochp-emsp-cdr:{cdrId}*{normalisedEvseId}";
}

public static class CdrDecisions
{
    public const string Approved = "approved";
    public const string Declined = "declined";
}

/// <summary>A CDR we received as e-MSP and where our answer stands (<c>GET /api/ochp/client/received-cdrs</c>).</summary>
public sealed record ReceivedCdr(
    string Id, string CdrId, string EvseId, string CountryCode, string PartyId, string ClearingStatus, string Currency, decimal? TotalCost,
    int Round, string State, string? TariffId, string? Decision, string? Outcome, IReadOnlyList<PartnerCdrDifference> Differences, string? Reason,
    string? Answer, Instant ReceivedAt, Instant? DecidedAt, Instant? ConfirmedAt)
{
    /// <summary>Sent to Charging; waiting for the outcome.</summary>
    public const string Reconciling = "reconciling";
    /// <summary>Decided; the decision waits to be taken by the clearing house.</summary>
    public const string ToConfirm = "to_confirm";
    public const string Confirmed = "confirmed";
    public const string ConfirmationRefused = "confirmation_refused";
}

public sealed class ReceivedCdrProjection : SingleStreamProjection<ReceivedCdr, string>
{
    public static ReceivedCdr Create(JasperFx.Events.IEvent<PartnerCdrFetched> fetched) => Fetched(fetched.StreamKey!, fetched.Data);

    public static ReceivedCdr Apply(PartnerCdrFetched fetched, ReceivedCdr cdr) => Fetched(cdr.Id, fetched);

    public static ReceivedCdr Apply(PartnerCdrReconciliationAsked asked, ReceivedCdr cdr) => cdr with { TariffId = asked.TariffId };

    public static ReceivedCdr Apply(PartnerCdrDecided decided, ReceivedCdr cdr) => cdr with
    {
        State = ReceivedCdr.ToConfirm, Decision = decided.Decision, Outcome = decided.Outcome, Differences = decided.Differences,
        Reason = decided.Reason, DecidedAt = decided.At,
    };

    public static ReceivedCdr Apply(PartnerCdrConfirmed confirmed, ReceivedCdr cdr) => cdr with
    {
        State = ReceivedCdr.Confirmed, Answer = confirmed.Answer, ConfirmedAt = confirmed.At,
        ClearingStatus = confirmed.Decision,
    };

    public static ReceivedCdr Apply(PartnerCdrConfirmationRefused refused, ReceivedCdr cdr) => cdr with
    {
        State = ReceivedCdr.ConfirmationRefused, Answer = refused.Answer, ConfirmedAt = refused.At,
    };

    private static ReceivedCdr Fetched(string id, PartnerCdrFetched fetched) =>
        new(id, fetched.CdrId, fetched.EvseId, fetched.CountryCode, fetched.PartyId, fetched.ClearingStatus, fetched.Currency, fetched.TotalCost,
            fetched.Round, ReceivedCdr.Reconciling, null, null, null, [], null, null, fetched.At, null, null);
}
