using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Settlement.Reimbursement.Employees;
using Roaming.Settlement.Reimbursement.Sessions;
using Shouldly;
using Xunit;

namespace Roaming.Settlement.Tests.Reimbursement;

/// <summary>What the consumers take from Ingest's meter values and from roaming CDRs of company tokens.</summary>
public class SessionSourcesTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 11, 20, 17, 30);
    private static readonly HomeChargingClaim Token = HomeChargingClaim.For(HomeChargingClaimKinds.Token, "TOK-1", "acme", "erika");

    [Fact]
    public void meter_values_keep_register_readings_in_wh_and_every_signed_value()
    {
        var reported = new MeterValuesReported("CP-1", "tx-1",
        [
            new MeterSample(At, "Energy.Active.Import.Register", null, "Sample.Periodic", null, 12.5m, "kWh", "OCMF|{a}"),
            new MeterSample(At, "Energy.Active.Import.Register", "L1", "Sample.Periodic", null, 4_000m, "Wh", null),
            new MeterSample(At, "Power.Active.Import", null, "Sample.Periodic", null, 11_000m, "W", "OCMF|{a}"),
            new MeterSample(At + Duration.FromMinutes(15), "Energy.Active.Import.Register", null, "Sample.Periodic", null, 14_100m, "Wh", "OCMF|{b}"),
        ], At);
        var metered = OnHomeChargerTransaction.Metered("home-tx:CP-1:tx-1", reported)!;
        metered.Readings.ShouldBe([new RegisterReading(At, 12_500m), new RegisterReading(At + Duration.FromMinutes(15), 14_100m)]);
        metered.SignedData.ShouldBe(["OCMF|{a}", "OCMF|{b}"]);
    }

    [Fact]
    public void meter_values_without_register_or_signature_change_nothing() =>
        OnHomeChargerTransaction.Metered("k", new MeterValuesReported("CP-1", "tx-1",
            [new MeterSample(At, "Current.Import", "L1", "Sample.Periodic", null, 16m, "A", null)], At)).ShouldBeNull();

    [Theory]
    [InlineData("\"total_cost\":{\"excl_vat\":10.00,\"incl_vat\":11.90}", false, true, "11.90")]
    [InlineData("\"total_cost\":{\"excl_vat\":10.00}", false, true, "10.00")]
    [InlineData("\"total_cost\":{\"excl_vat\":10.00,\"incl_vat\":11.90}", true, true, null)]   // a credit CDR
    [InlineData("\"total_cost\":{\"excl_vat\":10.00,\"incl_vat\":11.90}", false, false, null)] // not a company token
    public void a_company_token_cdr_is_worth_what_was_paid(string cost, bool credit, bool claimed, string? amount)
    {
        var json = $$"""
            {"country_code":"DE","party_id":"ABC","id":"C1","start_date_time":"2026-11-04T11:00:00Z","end_date_time":"2026-11-04T12:00:00Z",
             "cdr_token":{"uid":"TOK-1","type":"RFID","contract_id":"x"},"currency":"EUR",{{cost}},"total_energy":20,"credit":{{(credit ? "true" : "false")}},
             "signed_data":{"encoding_method":"OCMF"},"last_updated":"2026-11-04T12:05:00Z"}
            """;
        OnCompanyTokenCdr.TokenUidOf(json).ShouldBe("TOK-1");
        var matched = OnCompanyTokenCdr.Match(json, claimed ? Token : null, At);
        if (amount is null)
        {
            matched.ShouldBeNull();
            return;
        }
        matched!.Amount.ShouldBe(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture));
        matched.Key.ShouldBe("roaming-cdr:DE*ABC:C1");
        matched.EnergyKwh.ShouldBe(20m);
        matched.EmployeeId.ShouldBe("erika");
        matched.SignedData.ShouldBe("{\"encoding_method\":\"OCMF\"}");
    }
}
