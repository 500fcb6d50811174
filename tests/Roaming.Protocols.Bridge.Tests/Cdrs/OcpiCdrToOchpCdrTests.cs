using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Shouldly;

namespace Roaming.Protocols.Bridge.Tests.Cdrs;

public sealed class OcpiCdrToOchpCdrTests
{
    private static readonly OperatorId Ours = OperatorId.Parse(CpoSamples.OurOperator);
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    [Fact]
    public void The_demo_cdr_maps_to_a_schema_valid_CDRInfo_with_local_times_periods_and_the_same_total()
    {
        var mapped = OcpiCdrToOchpCdr.Map(CpoSamples.Cdr(), Ours, Berlin);

        mapped.Problems.ShouldBeEmpty();
        var cdr = mapped.Value!;
        OchpSchema.Validate(OchpXml.ToElement(new AddCdrsRequest { CdrInfoArray = [cdr] })).ShouldBeEmpty();
        cdr.CdrId.ShouldBe("DEABCCDR0001");
        cdr.EvseId.ShouldBe(CpoSamples.EvseId);
        cdr.EmtId.Instance.ShouldBe("04A2B3C4D5E6F7");
        cdr.EmtId.TokenType.ShouldBe(TokenType.Rfid);
        cdr.ContractId.ShouldBe(CpoSamples.Contract);
        cdr.Status.Value.ShouldBe(CdrStatus.New);
        // 09:00 UTC in January is 10:00 in Berlin (+01:00).
        cdr.StartDateTime.LocalDateTime.ShouldBe("2026-01-15T10:00:00+01:00");
        cdr.EndDateTime.LocalDateTime.ShouldBe("2026-01-15T10:45:00+01:00");
        cdr.Duration.ShouldBe("000:45:00");
        cdr.ChargePointAddress.Country.ShouldBe("DEU");
        cdr.ChargePointAddress.ZipCode.ShouldBe("10557");
        cdr.ChargePointType.ShouldBe(ChargePointType.AC);
        cdr.ConnectorType.ConnectorStandard.Value.ShouldBe(ConnectorStandard.IEC_62196_T2);
        cdr.ConnectorType.TariffId.ShouldBe(OcpiTariffToOchpTariff.TariffId(Ours, "T-1")); // the id our tariff publishing gives T-1
        cdr.ConnectorType.TariffId!.ShouldStartWith("DE*ABC*T");
        cdr.Currency.ShouldBe("EUR");
        cdr.TotalCost.ShouldBe(2.75m);
        cdr.ChargingPeriods.Select(p => (p.BillingItem.Value, p.BillingValue, p.ItemPrice, p.StartDateTime.LocalDateTime, p.EndDateTime.LocalDateTime))
            .ShouldBe([
                (BillingItem.Energy, 5m, 0.30m, "2026-01-15T10:00:00+01:00", "2026-01-15T10:30:00+01:00"),
                (BillingItem.Energy, 2.5m, 0.30m, "2026-01-15T10:30:00+01:00", "2026-01-15T10:45:00+01:00"),
                (BillingItem.ServiceFee, 1m, 0.50m, "2026-01-15T10:00:00+01:00", "2026-01-15T10:45:00+01:00"),
            ]);
        cdr.ChargingPeriods.Sum(p => p.PeriodCost!.Value).ShouldBe(cdr.TotalCost!.Value);
    }

    [Fact]
    public void Summer_time_gives_the_summer_offset()
    {
        var summer = CpoSamples.Cdr() with { StartDateTime = Instant.FromUtc(2026, 7, 1, 9, 0), EndDateTime = Instant.FromUtc(2026, 7, 1, 9, 45),
            ChargingPeriods = [CpoSamples.Cdr().ChargingPeriods![0] with { StartDateTime = Instant.FromUtc(2026, 7, 1, 9, 0) }] };
        OcpiCdrToOchpCdr.Map(summer, Ours, Berlin).Value!.StartDateTime.LocalDateTime.ShouldBe("2026-07-01T11:00:00+02:00");
    }

    public static TheoryData<string, Protocols.Ocpi.Cdrs.Cdr> Unmappable => new()
    {
        { "evse_id", CpoSamples.Cdr(evseId: "not-an-evse") },
        { "contract_id", CpoSamples.Cdr(contract: "nope") },
        { "alpha-3", CpoSamples.Cdr(country: "DE") },
        { "connector", CpoSamples.Cdr(connector: "CHAOJI") },
        { "charging_periods", CpoSamples.Cdr() with { ChargingPeriods = [] } },
        { "id is missing", CpoSamples.Cdr(id: "") },
    };

    [Theory]
    [MemberData(nameof(Unmappable))]
    public void A_cdr_OCHP_cannot_express_is_refused_with_the_reason(string reason, Protocols.Ocpi.Cdrs.Cdr cdr)
    {
        var mapped = OcpiCdrToOchpCdr.Map(cdr, Ours, Berlin);
        mapped.IsMapped.ShouldBeFalse();
        mapped.Problems.ShouldContain(p => p.Contains(reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, "000:00:00")]
    [InlineData(28, "000:00:28")]
    [InlineData(3 * 3600 + 62, "003:01:02")]
    [InlineData(1000 * 3600, "999:00:00")]
    public void Durations_are_hhh_mm_ss(int seconds, string expected) => OcpiCdrToOchpCdr.Duration(Duration.FromSeconds(seconds)).ShouldBe(expected);
}
