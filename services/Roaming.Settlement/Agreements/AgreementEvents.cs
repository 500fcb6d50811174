using NodaTime;
using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Agreements;

// The agreement's stream (key Agreement.KeyOf(operator, provider)): every event carries the full terms, so the current
// terms and every earlier version read straight off the stream.

/// <summary>The settlement terms of a CPO↔e-MSP pair, as the operator stated them (validated, canonical).</summary>
/// <param name="SettlesFrom">The first local day (in <paramref name="TimeZone"/>) whose CDRs are settled.</param>
public sealed record AgreementTerms(
    string Currency,
    string Period,
    string TimeZone,
    string Billing,
    int PaymentTermsDays,
    int CloseAfterDays,
    decimal Tolerance,
    IReadOnlyList<VatRate> VatRates,
    PartyDetails Issuer,
    PartyDetails Recipient,
    LocalDate SettlesFrom);

/// <param name="EffectiveFrom">The local day the terms apply from (the first day settled).</param>
public sealed record AgreementMade(string Key, string OperatorId, string ProviderId, AgreementTerms Terms, LocalDate EffectiveFrom, string Actor, Instant At);

/// <param name="EffectiveFrom">The local day the changed terms apply from (VAT rates keep their own validity).</param>
public sealed record AgreementChanged(string Key, AgreementTerms Terms, LocalDate EffectiveFrom, string Actor, Instant At);
