using NodaTime;
using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Agreements;

/// <summary>
/// The settlement terms between a CPO (Operator-ID) and an e-MSP (Provider-ID), projected inline from the agreement's
/// stream (id = <see cref="KeyOf"/>): what a period close needs. Every change is an event; VAT rates carry their own
/// validity so that a rate change never rewrites an earlier period.
/// </summary>
public sealed class Agreement
{
    public string Id { get; set; } = "";
    public string OperatorId { get; set; } = "";
    public string ProviderId { get; set; } = "";
    /// <summary>ISO 4217; a CDR in another currency is held, never converted.</summary>
    public string Currency { get; set; } = "";
    /// <summary><c>monthly</c> or <c>weekly</c>.</summary>
    public string Period { get; set; } = "monthly";
    /// <summary>IANA zone the periods are cut in.</summary>
    public string TimeZone { get; set; } = "";
    /// <summary><c>cpo_invoices_emsp</c> or <c>emsp_self_bills</c>.</summary>
    public string Billing { get; set; } = "";
    public int PaymentTermsDays { get; set; }
    /// <summary>Grace after a period's end before the scheduled close (late approvals still land in their period).</summary>
    public int CloseAfterDays { get; set; } = 5;
    /// <summary>Largest difference (in the currency) between a partner's stated total and our recomputation that still lets
    /// a CDR without a confirmation step become billable.</summary>
    public decimal Tolerance { get; set; }
    public IReadOnlyList<VatRate> VatRates { get; set; } = [];
    /// <summary>The party issuing the statements (the CPO when it invoices, the e-MSP when it self-bills).</summary>
    public PartyDetails Issuer { get; set; } = null!;
    public PartyDetails Recipient { get; set; } = null!;
    /// <summary>The first local day of the first period to settle (the day the agreement was first made, in its zone).</summary>
    public LocalDate SettlesFrom { get; set; }
    public Instant ChangedAt { get; set; }

    public static string KeyOf(string operatorId, string providerId) => $"agreement:{operatorId}:{providerId}";

    /// <summary>The seller of the charging is always the CPO, whoever issues the document.</summary>
    public PartyDetails Seller => Billing == Contracts.Settlement.V1.BillingDirections.EmspSelfBills ? Recipient : Issuer;
    public PartyDetails Buyer => Billing == Contracts.Settlement.V1.BillingDirections.EmspSelfBills ? Issuer : Recipient;
    public string IssuerId => Billing == Contracts.Settlement.V1.BillingDirections.EmspSelfBills ? ProviderId : OperatorId;

    /// <summary>The VAT rate (percent) for a supply in <paramref name="country"/> on <paramref name="day"/>, or null when none is configured.</summary>
    public decimal? VatRateFor(string country, LocalDate day) =>
        VatRates.FirstOrDefault(r => r.Country == country && r.ValidFrom <= day && (r.ValidTo is null || day < r.ValidTo))?.Rate;
}

/// <param name="Rate">Percent, e.g. 19.</param>
/// <param name="ValidTo">First day no longer covered (exclusive); null while in force.</param>
public sealed record VatRate(string Country, decimal Rate, LocalDate ValidFrom, LocalDate? ValidTo);
