using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Roaming.Settlement.Agreements;

/// <summary>The current terms of an agreement (inline: a PUT answers with what it stored, a close reads it at once).</summary>
public sealed class AgreementProjection : SingleStreamProjection<Agreement, string>
{
    public AgreementProjection()
    {
        IncludeType<AgreementMade>();
        IncludeType<AgreementChanged>();
    }

    public override Agreement? Evolve(Agreement? snapshot, string id, IEvent e) => e.Data switch
    {
        AgreementMade made => WithTerms(new Agreement { Id = id, OperatorId = made.OperatorId, ProviderId = made.ProviderId }, made.Terms, made.At),
        AgreementChanged changed when snapshot is not null => WithTerms(snapshot, changed.Terms, changed.At),
        _ => snapshot,
    };

    private static Agreement WithTerms(Agreement agreement, AgreementTerms terms, NodaTime.Instant at)
    {
        agreement.Currency = terms.Currency;
        agreement.Period = terms.Period;
        agreement.TimeZone = terms.TimeZone;
        agreement.Billing = terms.Billing;
        agreement.PaymentTermsDays = terms.PaymentTermsDays;
        agreement.CloseAfterDays = terms.CloseAfterDays;
        agreement.Tolerance = terms.Tolerance;
        agreement.VatRates = terms.VatRates;
        agreement.Issuer = terms.Issuer;
        agreement.Recipient = terms.Recipient;
        agreement.SettlesFrom = terms.SettlesFrom;
        agreement.ChangedAt = at;
        return agreement;
    }

    /// <summary>The terms an agreement document holds now (what a PUT compares the new terms with).</summary>
    public static AgreementTerms TermsOf(Agreement agreement) => new(agreement.Currency, agreement.Period, agreement.TimeZone, agreement.Billing,
        agreement.PaymentTermsDays, agreement.CloseAfterDays, agreement.Tolerance, agreement.VatRates, agreement.Issuer, agreement.Recipient, agreement.SettlesFrom);
}
