using NodaTime;
using Roaming.Settlement.Agreements;
using Roaming.Settlement.Agreements.Putting;
using Roaming.Settlement.Statements;
using Shouldly;

namespace Roaming.Settlement.Tests.Agreements;

public class PutAgreementTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 18, 23, 30); // 2026-11-19 in Berlin, a Thursday

    public static AgreementBody Body() => new("EUR", "monthly", "Europe/Berlin", "cpo_invoices_emsp", 30, 5, null, null, null,
        [new VatRateWire("DE", 19m, new LocalDate(2026, 1, 1), null)],
        new PartyWire("CPO GmbH", "Hauptstr. 1, 10115 Berlin", "DE123456789", "DE"), new PartyWire("MSP B.V.", "Kade 2, Amsterdam", "NL123456789B01", null));

    public static TheoryData<string, Func<AgreementBody, AgreementBody>, string> Invalid() => new()
    {
        { "currency", b => b with { Currency = "EURO" }, "'EURO' is not an ISO 4217 currency code (upper case, e.g. EUR)" },
        { "currency", b => b with { Currency = "eur" }, "'eur' is not an ISO 4217 currency code (upper case, e.g. EUR)" },
        { "currency", b => b with { Currency = null }, "is required" },
        { "period", b => b with { Period = "daily" }, "must be one of monthly, weekly" },
        { "time_zone", b => b with { TimeZone = "Europe/Bonn" }, "'Europe/Bonn' is not an IANA time zone, e.g. Europe/Berlin" },
        { "billing", b => b with { Billing = "invoice" }, "must be one of cpo_invoices_emsp, emsp_self_bills" },
        { "payment_terms_days", b => b with { PaymentTermsDays = null }, "is required" },
        { "payment_terms_days", b => b with { PaymentTermsDays = -1 }, "must be between 0 and 365" },
        { "close_after_days", b => b with { CloseAfterDays = 90 }, "must be between 0 and 60" },
        { "tolerance", b => b with { Tolerance = -0.01m }, "must not be negative" },
        { "vat_rates", b => b with { VatRates = [] }, "at least one VAT rate (country, rate, valid_from) is required" },
        { "vat_rates[0].country", b => b with { VatRates = [new VatRateWire("DEU", 19m, new LocalDate(2026, 1, 1), null)] },
            "must be an ISO 3166-1 alpha-2 code in upper case, e.g. DE" },
        { "vat_rates[0].rate", b => b with { VatRates = [new VatRateWire("DE", 100m, new LocalDate(2026, 1, 1), null)] },
            "must be a percentage from 0 to below 100, e.g. 19" },
        { "vat_rates[0].rate", b => b with { VatRates = [new VatRateWire("DE", -1m, new LocalDate(2026, 1, 1), null)] },
            "must be a percentage from 0 to below 100, e.g. 19" },
        { "vat_rates[0].valid_from", b => b with { VatRates = [new VatRateWire("DE", 19m, null, null)] }, "is required" },
        { "vat_rates[0].valid_to", b => b with { VatRates = [new VatRateWire("DE", 19m, new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 1))] },
            "must be after valid_from (it is the first day no longer covered)" },
        { "vat_rates", b => b with { VatRates = [new VatRateWire("DE", 19m, new LocalDate(2026, 1, 1), null), new VatRateWire("DE", 7m, new LocalDate(2026, 7, 1), null)] },
            "the rates 0 and 1 of DE overlap (from 2026-01-01 and from 2026-07-01)" },
        { "issuer", b => b with { Issuer = null }, "is required (name, address, vat_id)" },
        { "recipient.name", b => b with { Recipient = new PartyWire("", "x", null, null) }, "is required" },
        { "issuer.country_code", b => b with { Issuer = new PartyWire("x", "y", null, "Germany") }, "must be an ISO 3166-1 alpha-2 code in upper case, e.g. DE" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void names_the_invalid_field(string field, Func<AgreementBody, AgreementBody> change, string message)
    {
        var errors = PutAgreement.Validate("DE*CPO", "NL*MSP", change(Body()), Now, null, out _, out _, out var terms);
        errors.ToDictionary().ShouldContainKey(field);
        errors.ToDictionary()[field].ShouldContain(message);
        terms.ShouldBeNull();
    }

    [Theory]
    [InlineData("DE*CPO", "NL*MSP", null)]
    [InlineData("DECPO", "nl*msp", null)]
    [InlineData("DE*CP", "NL*MSP", "operator_id")]
    [InlineData("DE*CPO", "NL-MSP-1", "provider_id")]
    public void takes_party_ids_in_their_accepted_forms(string operatorId, string providerId, string? invalid)
    {
        var errors = PutAgreement.Validate(operatorId, providerId, Body(), Now, null, out var op, out var prov, out _);
        if (invalid is null)
        {
            errors.IsValid.ShouldBeTrue();
            (op.ToString(), prov.ToString()).ShouldBe(("DE*CPO", "NL*MSP"));
        }
        else
            errors.ToDictionary().Keys.ShouldBe([invalid]);
    }

    [Fact]
    public void applies_the_defaults_and_settles_from_the_first_day_of_the_current_period_in_the_zone()
    {
        PutAgreement.Validate("DE*CPO", "NL*MSP", Body() with { CloseAfterDays = null }, Now, null, out _, out _, out var terms).IsValid.ShouldBeTrue();
        terms!.Tolerance.ShouldBe(0.01m);
        terms.CloseAfterDays.ShouldBe(5);
        terms.SettlesFrom.ShouldBe(new LocalDate(2026, 11, 1));
        terms.Issuer.ShouldBe(new PartyDetails("CPO GmbH", "Hauptstr. 1, 10115 Berlin", "DE123456789", "DE"));
        PutAgreement.Validate("DE*CPO", "NL*MSP", Body() with { Period = "weekly" }, Now, null, out _, out _, out var weekly);
        weekly!.SettlesFrom.ShouldBe(new LocalDate(2026, 11, 16));
    }

    [Theory]
    [InlineData("2026-01-01", "2026-07-01", "2026-07-01", null, true)]
    [InlineData("2026-01-01", "2026-07-02", "2026-07-01", null, false)]
    [InlineData("2026-01-01", null, "2025-01-01", "2026-01-01", true)]
    [InlineData("2026-01-01", null, "2025-01-01", "2026-01-02", false)]
    public void vat_rates_of_one_country_may_follow_but_not_overlap(string fromA, string? toA, string fromB, string? toB, bool valid)
    {
        static LocalDate? Day(string? text) => text is null ? null : NodaTime.Text.LocalDatePattern.Iso.Parse(text).Value;
        IReadOnlyList<VatRate> rates = [new("DE", 19m, Day(fromA)!.Value, Day(toA)), new("DE", 16m, Day(fromB)!.Value, Day(toB)), new("AT", 20m, Day(fromB)!.Value, null)];
        PutAgreement.Overlaps(rates).Any().ShouldBe(!valid);
    }

    [Fact]
    public void the_same_terms_again_change_nothing_and_other_terms_are_a_change()
    {
        PutAgreement.Validate("DE*CPO", "NL*MSP", Body(), Now, null, out var op, out var prov, out var terms);
        var key = Agreement.KeyOf("DE*CPO", "NL*MSP");
        var today = new LocalDate(2026, 11, 19);
        var made = (AgreementMade)PutAgreement.Decide(null, key, op, prov, terms!, null, today, "operator", Now)!;
        made.EffectiveFrom.ShouldBe(new LocalDate(2026, 11, 1));
        var agreement = new AgreementProjection().Evolve(null, key, new JasperFx.Events.Event<AgreementMade>(made))!;
        PutAgreement.Decide(agreement, key, op, prov, terms!, null, today, "operator", Now).ShouldBeNull();

        PutAgreement.Validate("DE*CPO", "NL*MSP", Body() with { PaymentTermsDays = 14, VatRates = [new VatRateWire("DE", 19m, new LocalDate(2026, 1, 1), null),
            new VatRateWire("NL", 21m, new LocalDate(2026, 1, 1), null)] }, Now, agreement, out _, out _, out var changedTerms);
        var changed = (AgreementChanged)PutAgreement.Decide(agreement, key, op, prov, changedTerms!, null, today, "alice", Now)!;
        changed.EffectiveFrom.ShouldBe(today);
        changed.Actor.ShouldBe("alice");
        PutAgreement.ChangedFields(terms, changedTerms!).ShouldBe(["payment_terms_days", "vat_rates"]);
    }
}
