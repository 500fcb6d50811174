using NodaTime;
using Roaming.Ochp.Client.ChargePoints;
using Roaming.Protocols.Bridge;
using Roaming.Protocols.Ochp;
using Roaming.Protocols.Bridge.Tests;
using Shouldly;

namespace Roaming.Ochp.Tests.Client.Cpo;

public sealed class ChargePointChangeTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 15, 12, 0);

    [Fact]
    public void Only_a_change_OCHP_shows_queues_a_charge_point_again()
    {
        var before = OchpXml.ToElement(OcpiLocationToChargePoints.Map(CpoSamples.Location(), "DEU", Now).ChargePoints[0]).ToString();
        var touched = CpoSamples.Location() with { LastUpdated = Now + Duration.FromHours(1), Evses = [CpoSamples.Evse("EVSE-1", CpoSamples.EvseId) with { LastUpdated = Now }] };
        var renamed = CpoSamples.Location() with { Name = "Hbf" };

        OnLocationChangedForClearingHouse.SameContent(before, OchpXml.ToElement(OcpiLocationToChargePoints.Map(touched, "DEU", Now).ChargePoints[0]).ToString())
            .ShouldBeTrue();
        OnLocationChangedForClearingHouse.SameContent(before, OchpXml.ToElement(OcpiLocationToChargePoints.Map(renamed, "DEU", Now).ChargePoints[0]).ToString())
            .ShouldBeFalse();
    }
}
