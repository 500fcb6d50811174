using System.Globalization;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Contracts.Clearing.V1;

namespace Roaming.Settlement.Ledger;

/// <summary>
/// What the ledger of one CDR records for each message that concerns it, decided from the CDR's current state alone
/// (pure): a message whose effect is already there decides nothing, so a redelivered message changes nothing.
/// </summary>
/// <remarks>
/// <para>Releasing a CDR (billable) goes through one gate, <see cref="Release"/>: a CDR under an open dispute stays held,
/// and one in another currency than its agreement is held with that reason, never converted.</para>
/// <para>A withdrawn CDR is final: nothing but a period close's <c>CdrBilled</c> (crediting it) follows.</para>
/// </remarks>
public static class LedgerDecisions
{
    public const string SourceClearing = "clearing";
    public const string SourceCharging = "charging";
    public const string SourceOcpi = "ocpi";

    /// <summary>What settlement knows around the CDR when it decides: the agreement's currency (null without an agreement)
    /// and tolerance, and whether a dispute about the CDR is open.</summary>
    public sealed record Circumstances(string? AgreementCurrency, decimal Tolerance, bool UnderOpenDispute)
    {
        public static Circumstances None { get; } = new(null, DefaultTolerance, false);
    }

    /// <summary>The reconciliation tolerance without an agreement (the currency's cent, as Charging compares).</summary>
    public const decimal DefaultTolerance = 0.01m;

    /// <summary>A clearing status change (<c>Clearing.V1.CdrClearingStatusChanged</c>) of a CDR uploaded to our clearing house.</summary>
    public static IReadOnlyList<object> OnClearingStatus(LedgerCdr? current, CdrClearingStatusChanged change, Circumstances around)
    {
        if (change.ProviderId is not { } provider || change.OperatorId.Length == 0)
            return [];
        var key = LedgerKeys.For(change.OperatorId, change.CdrId);
        var facts = change.Cdr is { } cdr ? CdrFacts.FromClearing(cdr, change.At) : null;
        if (current is null)
            return change.Status is "new" or "revised" && facts is not null
                ? [new CdrEnteredLedger(key, change.OperatorId, provider, change.CdrId, SourceClearing, facts, change.At)]
                : [];
        if (current.State == LedgerStates.Withdrawn)
            return [];
        return change.Status switch
        {
            "new" => current.State == LedgerStates.Held && IsImplausibleHold(current) || facts is not null && facts != current.Facts
                ? [new CdrFactsRevised(key, facts ?? current.Facts, "uploaded again", change.At)]
                : [],
            "revised" => (facts ?? current.Facts) == current.Facts && current.State == LedgerStates.Pending
                ? []
                : [new CdrFactsRevised(key, facts ?? current.Facts, $"revised by {change.Actor}", change.At)],
            "approved" => Release(current, $"approved by {change.Actor}", around, change.At),
            "declined" => Hold(current, change.Reason is { Length: > 0 } reason ? $"declined by the e-MSP: {reason}" : "declined by the e-MSP", change.At),
            "implausible" => Hold(current, $"{ImplausiblePrefix}{change.Reason}", change.At),
            "rejected" => [new CdrWithdrawn(key, $"rejected by {change.Actor}", change.At)],
            _ => [],
        };
    }

    private const string ImplausiblePrefix = "implausible: ";

    private static bool IsImplausibleHold(LedgerCdr cdr) => cdr.HoldReason?.StartsWith(ImplausiblePrefix, StringComparison.Ordinal) == true;

    /// <summary>A CDR we issued as CPO (<c>Charging.V1.CdrIssued</c>): OCPI has no confirmation step, so it is billable at once.</summary>
    public static IReadOnlyList<object> OnIssued(LedgerCdr? current, string operatorId, string providerId, string cdrId, SettledCdrFacts facts,
        Circumstances around, Instant at) =>
        current is null ? Enter(operatorId, providerId, cdrId, SourceCharging, facts, at, entered => Release(entered, "issued", around, at)) : [];

    /// <summary>A CDR a partner CPO sent us as e-MSP (<c>Ocpi.V1.PartnerCdrReceived</c>): pending until Charging reconciled it.</summary>
    public static IReadOnlyList<object> OnPartnerCdrReceived(LedgerCdr? current, string operatorId, string providerId, string cdrId, SettledCdrFacts facts, Instant at) =>
        current is null ? Enter(operatorId, providerId, cdrId, SourceOcpi, facts, at, _ => []) : [];

    /// <summary>
    /// Charging re-priced a partner's CDR (<c>Charging.V1.PartnerCdrReconciled</c>): verified, or every difference within
    /// the agreement's tolerance, makes it billable; a larger difference or no reconciliation at all holds it.
    /// </summary>
    public static IReadOnlyList<object> OnReconciled(LedgerCdr current, PartnerCdrReconciled reconciled, Circumstances around)
    {
        if (current.State == LedgerStates.Withdrawn)
            return [];
        var at = reconciled.CheckedAt;
        return reconciled.Outcome switch
        {
            PartnerCdrOutcomes.Verified => Release(current, "reconciled", around, at),
            PartnerCdrOutcomes.Discrepancy when WithinTolerance(reconciled.Differences, around.Tolerance) =>
                Release(current, $"reconciled within the tolerance {Amount(around.Tolerance)}", around, at),
            PartnerCdrOutcomes.Discrepancy => Hold(current, $"reconciliation differs beyond the tolerance {Amount(around.Tolerance)}: " +
                string.Join("; ", reconciled.Differences.Select(d => $"{d.Total} {Amount(d.Theirs)} stated, {Amount(d.Ours)} recomputed")), at),
            _ => Hold(current, $"not reconciled: {reconciled.Reason ?? reconciled.Outcome}", at),
        };
    }

    /// <summary>Every stated total within <paramref name="tolerance"/> of ours (a total only one side has is beyond any tolerance).</summary>
    public static bool WithinTolerance(IEnumerable<PartnerCdrDifference> differences, decimal tolerance) =>
        differences.All(d => d.Theirs is { } theirs && d.Ours is { } ours && Math.Abs(theirs - ours) <= tolerance);

    /// <summary>
    /// Billable, unless a dispute holds it (then unchanged) or its currency is not the agreement's (then held with that
    /// reason); nothing when it already is.
    /// </summary>
    public static IReadOnlyList<object> Release(LedgerCdr current, string reason, Circumstances around, Instant at)
    {
        if (current.State == LedgerStates.Withdrawn || around.UnderOpenDispute)
            return [];
        if (around.AgreementCurrency is { } currency && current.Facts.Currency != currency)
            return Hold(current, $"currency {current.Facts.Currency} differs from the agreement's {currency}", at);
        return current.State == LedgerStates.Billable ? [] : [new CdrBecameBillable(current.Id, reason, at)];
    }

    /// <summary>Held with <paramref name="reason"/>; nothing when it already is, for that reason, or is withdrawn.</summary>
    public static IReadOnlyList<object> Hold(LedgerCdr current, string reason, Instant at) =>
        current.State == LedgerStates.Withdrawn || current.State == LedgerStates.Held && current.HoldReason == reason
            ? []
            : [new CdrHeld(current.Id, reason, at)];

    private static IReadOnlyList<object> Enter(string operatorId, string providerId, string cdrId, string source, SettledCdrFacts facts, Instant at,
        Func<LedgerCdr, IReadOnlyList<object>> then)
    {
        var entered = new CdrEnteredLedger(LedgerKeys.For(operatorId, cdrId), operatorId, providerId, cdrId, source, facts, at);
        return [entered, .. then(LedgerCdrProjection.Next(null, entered)!)];
    }

    private static string Amount(decimal? value) => value?.ToString("0.############", CultureInfo.InvariantCulture) ?? "nothing";
}
