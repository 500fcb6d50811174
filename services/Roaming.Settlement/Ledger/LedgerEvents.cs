using NodaTime;

namespace Roaming.Settlement.Ledger;

// The settlement ledger: one stream per CDR (key LedgerKeys.For(operatorId, cdrId)), one event per change of what the
// CDR is worth to its agreement and whether it may be billed. Statements read the projected LedgerCdr; closing a
// period appends CdrBilled to every CDR it bills or corrects.

/// <summary>The facts settlement needs of a CDR, in our own types. Amounts are net (excl. VAT) in <see cref="Currency"/>;
/// a credit CDR carries negative amounts.</summary>
/// <param name="CountryOfSupply">ISO 3166 alpha-2 country of the EVSE (selects the VAT rate).</param>
/// <param name="SignedMeterData">The CDR's signed meter data (OCPI <c>signed_data</c>), kept as evidence for disputes.</param>
public sealed record SettledCdrFacts(
    string Currency,
    decimal AmountExclVat,
    Instant SessionStart,
    Instant SessionEnd,
    string CountryOfSupply,
    string? LocationId,
    string? EvseId,
    decimal EnergyKwh,
    Duration ChargingTime,
    Duration ParkingTime,
    bool IsCredit,
    string? CreditReferenceId,
    string? SignedMeterData);

/// <param name="Source">Where the CDR came from: <c>clearing</c> (uploaded to our clearing house), <c>charging</c> (issued by
/// us as CPO) or <c>ocpi</c> (received by us as e-MSP).</param>
public sealed record CdrEnteredLedger(string Key, string OperatorId, string ProviderId, string CdrId, string Source, SettledCdrFacts Facts, Instant At);

/// <summary>The CPO revised the CDR: the new facts replace the old; if it was billed, the next statement corrects the difference.</summary>
public sealed record CdrFactsRevised(string Key, SettledCdrFacts Facts, string Reason, Instant At);

/// <param name="Reason">approved, issued, reconciled, dispute accepted, …</param>
public sealed record CdrBecameBillable(string Key, string Reason, Instant At);

/// <summary>Kept out of statements until released (declined, disputed, discrepancy beyond tolerance, currency differs from the agreement, no VAT rate).</summary>
public sealed record CdrHeld(string Key, string Reason, Instant At);

/// <summary>The claim is gone (rejected by the CPO, dispute resolved against it): worth nothing; if billed, the next statement credits it.</summary>
public sealed record CdrWithdrawn(string Key, string Reason, Instant At);

/// <summary>A statement billed (or corrected) the CDR by <paramref name="AmountExclVat"/> (the line's net amount).</summary>
public sealed record CdrBilled(string Key, string StatementId, string InvoiceNumber, string Period, string LineKind, decimal AmountExclVat, Instant At);

public static class LedgerKeys
{
    public static string For(string operatorId, string cdrId) => $"ledger:{operatorId}:{cdrId}";
}

public static class LedgerStates
{
    /// <summary>Known, not yet approved (or not yet reconciled).</summary>
    public const string Pending = "pending";
    public const string Billable = "billable";
    public const string Held = "held";
    public const string Withdrawn = "withdrawn";
}
