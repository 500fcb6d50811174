using System.Text.Json;
using NodaTime;
using Roaming.Platform.Json;
using Roaming.Settlement.Ledger;
using Shouldly;
using static Roaming.Settlement.Tests.Ledger.LedgerSamples;
using OcpiCdr = Roaming.Protocols.Ocpi.Cdrs.Cdr;

namespace Roaming.Settlement.Tests.Ledger;

public class CdrFactsTests
{
    [Fact]
    public void a_clearing_cdr_gives_its_stated_total_energy_times_and_the_country_of_its_evse()
    {
        var facts = CdrFacts.FromClearing(Cdr(total: 6.30m), At);
        facts.AmountExclVat.ShouldBe(6.30m);
        facts.Currency.ShouldBe("EUR");
        facts.EnergyKwh.ShouldBe(20m);
        facts.ChargingTime.ShouldBe(Duration.FromMinutes(60));
        facts.ParkingTime.ShouldBe(Duration.FromMinutes(10));
        facts.CountryOfSupply.ShouldBe("DE");
        facts.EvseId.ShouldBe("DE*CPO*E0001");
        facts.SessionStart.ShouldBe(Instant.FromUtc(2026, 11, 10, 9, 0));
        facts.SessionEnd.ShouldBe(Instant.FromUtc(2026, 11, 10, 10, 10));
        facts.IsCredit.ShouldBeFalse();
    }

    [Theory]
    [InlineData(null, "6.30")] // energy 6.00 + service fee 1 × 0.30 (no period cost stated)
    [InlineData("7.00", "7.00")]
    public void without_a_stated_total_the_periods_costs_add_up(string? total, string expected) =>
        CdrFacts.FromClearing(Cdr(total: total is null ? null : decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture)), At).AmountExclVat
            .ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void a_clearing_cdr_billing_energy_only_charges_for_the_time_of_its_energy_periods()
    {
        var energyOnly = Cdr(total: 6.30m) with { Periods = [.. Cdr(total: 6.30m).Periods.Where(p => p.BillingItem != "usagetime")] };
        var facts = CdrFacts.FromClearing(energyOnly, At);
        facts.ChargingTime.ShouldBe(energyOnly.Periods.Where(p => p.BillingItem == "energy").Aggregate(Duration.Zero, (sum, p) => sum + (p.End.ToInstant() - p.Start.ToInstant())));
        facts.ChargingTime.ShouldBeGreaterThan(Duration.Zero);
    }

    [Theory]
    [InlineData("DE*CPO*E1", "DE")]
    [InlineData("nlTNME1", "NL")]
    [InlineData("ZZ*CPO*E1", null)]
    [InlineData("D", null)]
    public void the_country_of_an_evse_is_its_first_two_letters(string evseId, string? country) => CdrFacts.CountryOfEvse(evseId).ShouldBe(country);

    private static OcpiCdr Ocpi(string json) => JsonSerializer.Deserialize<OcpiCdr>(json, RoamingJson.Options)!;

    private const string IssuedCdr = """
        {"country_code":"DE","party_id":"CPO","id":"C1","start_date_time":"2026-11-10T09:00:00Z","end_date_time":"2026-11-10T10:30:00Z",
         "cdr_token":{"country_code":"NL","party_id":"MSP","uid":"T1","type":"RFID","contract_id":"x"},
         "cdr_location":{"id":"LOC1","country":"AUT","evse_uid":"E1-UID","evse_id":"AT*CPO*E1"},
         "currency":"EUR","total_cost":{"excl_vat":12.34,"incl_vat":14.68},"total_energy":30.5,"total_time":1.5,"total_parking_time":0.25,
         "signed_data":{"encoding_method":"OCMF","signed_values":[]},"last_updated":"2026-11-10T10:31:00Z"}
        """;

    [Fact]
    public void an_ocpi_cdr_gives_its_totals_its_e_msp_and_the_alpha_2_country_of_its_location()
    {
        var read = CdrFacts.FromOcpi(Ocpi(IssuedCdr), "DE");
        read.Problem.ShouldBeNull();
        read.ProviderId.ShouldBe("NL*MSP");
        var facts = read.Facts!;
        facts.AmountExclVat.ShouldBe(12.34m);
        facts.EnergyKwh.ShouldBe(30.5m);
        facts.ChargingTime.ShouldBe(Duration.FromMinutes(90));
        facts.ParkingTime.ShouldBe(Duration.FromMinutes(15));
        facts.CountryOfSupply.ShouldBe("AT");
        facts.LocationId.ShouldBe("LOC1");
        facts.EvseId.ShouldBe("AT*CPO*E1");
        facts.SignedMeterData.ShouldNotBeNull().ShouldContain("OCMF");
        facts.IsCredit.ShouldBeFalse();
    }

    [Theory]
    [InlineData("12.34")]
    [InlineData("-12.34")]
    public void a_credit_cdr_is_worth_a_negative_amount_whatever_sign_it_states(string stated)
    {
        var json = IssuedCdr.Replace("\"excl_vat\":12.34", $"\"excl_vat\":{stated}").Replace("\"currency\":\"EUR\"",
            "\"currency\":\"EUR\",\"credit\":true,\"credit_reference_id\":\"C0\"");
        var facts = CdrFacts.FromOcpi(Ocpi(json), "DE").Facts!;
        facts.AmountExclVat.ShouldBe(-12.34m);
        facts.IsCredit.ShouldBeTrue();
        facts.CreditReferenceId.ShouldBe("C0");
    }

    [Theory]
    [InlineData("\"country\":\"AUT\"", "\"country\":\"XXX\"", "AT")] // unknown alpha-3: the EVSE-ID's country
    [InlineData("\"country\":\"AUT\",", "", "AT")]
    [InlineData("\"country\":\"AUT\",\"evse_uid\":\"E1-UID\",\"evse_id\":\"AT*CPO*E1\"", "\"evse_uid\":\"E1-UID\"", "DE")] // neither: the CPO's
    public void the_country_falls_back_to_the_evse_then_the_cpo(string from, string to, string country) =>
        CdrFacts.FromOcpi(Ocpi(IssuedCdr.Replace(from, to)), "DE").Facts!.CountryOfSupply.ShouldBe(country);

    [Theory]
    [InlineData("\"cdr_token\":{\"country_code\":\"NL\",\"party_id\":\"MSP\",", "\"cdr_token\":{", "cdr_token.country_code and party_id do not name an e-MSP")]
    [InlineData("\"total_cost\":{\"excl_vat\":12.34,\"incl_vat\":14.68},", "", "total_cost is missing")]
    public void an_ocpi_cdr_without_an_e_msp_or_a_total_is_refused(string from, string to, string problem) =>
        CdrFacts.FromOcpi(Ocpi(IssuedCdr.Replace(from, to)), "DE").Problem.ShouldBe(problem);
}
