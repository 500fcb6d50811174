using NodaTime;

namespace Roaming.Contracts.Charging.V1;

/// <summary>A CDR was issued for a finished session. Amounts are in <see cref="Currency"/>, excl. and incl. VAT.</summary>
public sealed record CdrIssued(
    string CdrId,
    string SessionId,
    string CountryCode,
    string PartyId,
    string Currency,
    decimal TotalEnergyKwh,
    decimal TotalCostExclVat,
    decimal? TotalCostInclVat,
    Instant StartDateTime,
    Instant EndDateTime,
    /// <summary>The whole OCPI 2.2.1 CDR as sent to partners (optional: older producers did not set it), except that
    /// <c>cdr_token.contract_id</c> is encrypted under the holder's key as in Tokens' TokenChanged (reveal it with
    /// Platform's SubjectKeyVault before it leaves for a partner).</summary>
    string? CdrJson = null);
