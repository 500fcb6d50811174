using NodaTime;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Ocpi.Locations;
using Shouldly;

namespace Roaming.Protocols.Bridge.Tests.LiveStatus;

public sealed class OchpStatusToOcpiEvseStatusTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 12, 0);

    private static EvseStatusType Live(MajorStatus major, MinorStatus? minor, Instant? ttl = null) =>
        new() { EvseId = "DE*ABC*E1", Major = major, MinorStatus = minor, Ttl = ttl };

    [Theory]
    [InlineData(MajorStatus.Available, MinorStatus.Available, EvseStatus.Available)]
    [InlineData(MajorStatus.Available, MinorStatus.Reserved, EvseStatus.Available)]
    [InlineData(MajorStatus.NotAvailable, MinorStatus.Charging, EvseStatus.Charging)]
    [InlineData(MajorStatus.NotAvailable, MinorStatus.Reserved, EvseStatus.Reserved)]
    [InlineData(MajorStatus.NotAvailable, MinorStatus.Blocked, EvseStatus.Blocked)]
    [InlineData(MajorStatus.NotAvailable, MinorStatus.OutOfOrder, EvseStatus.OutOfOrder)]
    [InlineData(MajorStatus.NotAvailable, null, EvseStatus.Inoperative)]
    [InlineData(MajorStatus.Unknown, null, EvseStatus.Unknown)]
    public void Each_allowed_live_status_has_its_OCPI_status(MajorStatus major, MinorStatus? minor, EvseStatus expected) =>
        OchpStatusToOcpiEvseStatus.Map(ChargePointStatus.Operative, Live(major, minor), Now).ShouldBe(expected);

    [Theory]
    [InlineData(ChargePointStatus.Closed, EvseStatus.Removed)]
    [InlineData(ChargePointStatus.Planned, EvseStatus.Planned)]
    [InlineData(ChargePointStatus.Inoperative, EvseStatus.Inoperative)]
    public void A_static_status_that_rules_out_charging_wins_over_the_live_one(ChargePointStatus chargePoint, EvseStatus expected) =>
        OchpStatusToOcpiEvseStatus.Map(chargePoint, Live(MajorStatus.Available, MinorStatus.Available), Now).ShouldBe(expected);

    [Fact]
    public void Without_a_live_status_or_after_its_ttl_the_EVSE_is_unknown()
    {
        OchpStatusToOcpiEvseStatus.Map(ChargePointStatus.Operative, null, Now).ShouldBe(EvseStatus.Unknown);
        OchpStatusToOcpiEvseStatus.Map(ChargePointStatus.Operative, Live(MajorStatus.Available, MinorStatus.Available, Now), Now).ShouldBe(EvseStatus.Unknown);
        OchpStatusToOcpiEvseStatus.Map(null, Live(MajorStatus.Available, MinorStatus.Available, Now + Duration.FromMinutes(1)), Now).ShouldBe(EvseStatus.Available);
    }

    [Theory]
    [InlineData(EvseStatus.Available, EvseStatus.Available)]
    [InlineData(EvseStatus.Charging, EvseStatus.Charging)]
    [InlineData(EvseStatus.Reserved, EvseStatus.Reserved)]
    [InlineData(EvseStatus.Blocked, EvseStatus.Blocked)]
    [InlineData(EvseStatus.OutOfOrder, EvseStatus.OutOfOrder)]
    [InlineData(EvseStatus.Unknown, EvseStatus.Unknown)]
    [InlineData(EvseStatus.Planned, EvseStatus.Unknown)]
    // OCHP has one "out of order" for broken, inoperative and removed EVSEs (removal is the charge point list's Closed).
    [InlineData(EvseStatus.Inoperative, EvseStatus.OutOfOrder)]
    [InlineData(EvseStatus.Removed, EvseStatus.OutOfOrder)]
    public void An_OCPI_status_through_OCHP_and_back(EvseStatus ocpi, EvseStatus back)
    {
        var (major, minor) = OcpiEvseStatusToOchpStatus.Map(Ocpi.OcpiEnumTexts<EvseStatus>.ToText(ocpi));
        OchpStatusToOcpiEvseStatus.Live(major, minor).ShouldBe(back);
    }
}
