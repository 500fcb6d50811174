using NodaTime;

namespace Roaming.Contracts.Charging.V1;

/// <summary>
/// As eMSP, Charging re-priced a partner CPO's CDR (one <c>Ocpi.V1.PartnerCdrReceived</c>) with the partner's tariff:
/// the outcome, so that the protocol adapter that received the CDR can answer for it (OCHP: approve or decline it at the
/// clearing house). <paramref name="Outcome"/> is one of <see cref="PartnerCdrOutcomes"/>; <paramref name="Differences"/>
/// names every stated total that differs from ours by more than 0.01 (for <c>discrepancy</c>); <paramref name="Reason"/>
/// says why a CDR could not be re-priced (for <c>not_reconciled</c>).
/// </summary>
public sealed record PartnerCdrReconciled(
    string CountryCode,
    string PartyId,
    string CdrId,
    string Outcome,
    IReadOnlyList<PartnerCdrDifference> Differences,
    string? Reason,
    Instant CheckedAt);

/// <param name="Total">The OCPI total, e.g. <c>total_cost.excl_vat</c> or <c>total_energy</c>.</param>
public sealed record PartnerCdrDifference(string Total, decimal? Theirs, decimal? Ours);

public static class PartnerCdrOutcomes
{
    /// <summary>Every stated total matches our recomputation within 0.01.</summary>
    public const string Verified = "verified";
    /// <summary>At least one stated total differs from our recomputation.</summary>
    public const string Discrepancy = "discrepancy";
    /// <summary>The CDR could not be re-priced (no tariff, no zone, unreadable).</summary>
    public const string NotReconciled = "not_reconciled";
}
