using NodaTime;
using Roaming.Contracts.Settlement.V1;
using Roaming.Settlement.Agreements;
using Roaming.Settlement.Ledger;
using Roaming.Settlement.Statements;

namespace Roaming.Settlement.Tests.Statements;

/// <summary>Agreements and ledger CDRs as the ledger engineer's projections would hold them.</summary>
internal static class StatementFixtures
{
    public static Agreement Agreement(string operatorId = "DE*CPO", string providerId = "DE*MSP", string currency = "EUR", string period = "monthly",
        string billing = BillingDirections.CpoInvoicesEmsp, LocalDate? settlesFrom = null, int paymentTermsDays = 30) => new()
    {
        Id = Settlement.Agreements.Agreement.KeyOf(operatorId, providerId),
        OperatorId = operatorId,
        ProviderId = providerId,
        Currency = currency,
        Period = period,
        TimeZone = "Europe/Berlin",
        Billing = billing,
        PaymentTermsDays = paymentTermsDays,
        CloseAfterDays = 5,
        VatRates =
        [
            new VatRate("DE", 19m, new LocalDate(2026, 1, 1), null),
            new VatRate("NL", 21m, new LocalDate(2026, 1, 1), null),
            new VatRate("AT", 20m, new LocalDate(2026, 1, 1), new LocalDate(2026, 11, 1)),
        ],
        Issuer = new PartyDetails("CPO GmbH", "Hauptstr. 1, 10115 Berlin", "DE123456789", "DE"),
        Recipient = new PartyDetails("MSP B.V.", "Damrak 1, Amsterdam", "NL123456789B01", "NL"),
        SettlesFrom = settlesFrom ?? new LocalDate(2026, 1, 1),
    };

    public static SettledCdrFacts Facts(decimal amount, Instant start, string country = "DE", string currency = "EUR", bool credit = false,
        string? creditReference = null) =>
        new(currency, amount, start, start + Duration.FromMinutes(45), country, "LOC1", "DE*CPO*E1", 22.5m, Duration.FromMinutes(40),
            Duration.FromMinutes(5), credit, creditReference, null);

    public static LedgerCdr Cdr(string cdrId, decimal amount, Instant start, string state = LedgerStates.Billable, string operatorId = "DE*CPO",
        string providerId = "DE*MSP", string country = "DE", string currency = "EUR", bool credit = false) => new()
    {
        Id = LedgerKeys.For(operatorId, cdrId),
        OperatorId = operatorId,
        ProviderId = providerId,
        CdrId = cdrId,
        Source = "clearing",
        Facts = Facts(amount, start, country, currency, credit),
        State = state,
        SessionStart = start,
        ChangedAt = start,
    };

    public static Instant Utc(int year, int month, int day, int hour = 12) => Instant.FromUtc(year, month, day, hour, 0);

    public static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    public static Instant EndOf(string period, string kind = BillingPeriod.Monthly) => BillingPeriod.Parse(kind, period)!.EndsAt(Berlin);
}
