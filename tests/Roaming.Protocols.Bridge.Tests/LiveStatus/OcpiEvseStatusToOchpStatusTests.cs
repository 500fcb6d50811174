using NodaTime;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Shouldly;

namespace Roaming.Protocols.Bridge.Tests.LiveStatus;

public sealed class OcpiEvseStatusToOchpStatusTests
{
    [Theory]
    [InlineData("AVAILABLE", MajorStatus.Available, MinorStatus.Available)]
    [InlineData("CHARGING", MajorStatus.NotAvailable, MinorStatus.Charging)]
    [InlineData("RESERVED", MajorStatus.NotAvailable, MinorStatus.Reserved)]
    [InlineData("BLOCKED", MajorStatus.NotAvailable, MinorStatus.Blocked)]
    [InlineData("OUTOFORDER", MajorStatus.NotAvailable, MinorStatus.OutOfOrder)]
    [InlineData("INOPERATIVE", MajorStatus.NotAvailable, MinorStatus.OutOfOrder)]
    [InlineData("REMOVED", MajorStatus.NotAvailable, MinorStatus.OutOfOrder)]
    [InlineData("PLANNED", MajorStatus.Unknown, null)]
    [InlineData("UNKNOWN", MajorStatus.Unknown, null)]
    [InlineData("SOMETHING_NEW", MajorStatus.Unknown, null)]
    public void Ocpi_statuses_map_to_an_allowed_major_minor_pair(string ocpi, MajorStatus major, MinorStatus? minor)
    {
        OcpiEvseStatusToOchpStatus.Map(ocpi).ShouldBe((major, minor));
        Allowed(major, minor).ShouldBeTrue();
        var request = new UpdateStatusRequest
        {
            Evse = [new EvseStatusType { EvseId = "DE*ABC*E0000001", Major = major, MinorStatus = minor, Ttl = Instant.FromUtc(2026, 1, 1, 0, 0) }],
        };
        OchpSchema.Validate(OchpXml.ToElement(request)).ShouldBeEmpty();
    }

    private static bool Allowed(MajorStatus major, MinorStatus? minor) => major switch
    {
        MajorStatus.Unknown => minor is null,
        MajorStatus.Available => minor is MinorStatus.Available or MinorStatus.Reserved,
        _ => minor is MinorStatus.Charging or MinorStatus.Blocked or MinorStatus.Reserved or MinorStatus.OutOfOrder,
    };
}
