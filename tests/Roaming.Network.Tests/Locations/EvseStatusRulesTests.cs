using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Roaming.Network.Locations.LiveStatus;
using Roaming.Protocols.Ocpi.Locations;
using Shouldly;

namespace Roaming.Network.Tests.Locations;

public class EvseStatusRulesTests
{
    private static readonly string[] OcppStatuses =
    [
        "Available", "Preparing", "Charging", "SuspendedEVSE", "SuspendedEV", "Finishing", "Reserved", "Unavailable", "Faulted", "Occupied",
    ];

    [Theory]
    // OCPP 1.6
    [InlineData("Available", false, EvseStatus.Available)]
    [InlineData("Preparing", false, EvseStatus.Charging)]
    [InlineData("Charging", true, EvseStatus.Charging)]
    [InlineData("SuspendedEVSE", true, EvseStatus.Charging)]
    [InlineData("SuspendedEV", true, EvseStatus.Charging)]
    [InlineData("Finishing", false, EvseStatus.Blocked)]
    [InlineData("Reserved", false, EvseStatus.Reserved)]
    [InlineData("Unavailable", false, EvseStatus.Inoperative)]
    [InlineData("Faulted", false, EvseStatus.OutOfOrder)]
    // OCPP 2.0.1 (Available, Reserved, Unavailable and Faulted as above)
    [InlineData("Occupied", true, EvseStatus.Charging)]
    [InlineData("Occupied", false, EvseStatus.Blocked)]
    // Not an OCPP status
    [InlineData("Melting", false, EvseStatus.Unknown)]
    [InlineData("available", false, EvseStatus.Unknown)]
    public void one_connectors_ocpp_status_says_this_about_its_evse(string ocpp, bool inTransaction, EvseStatus expected) =>
        EvseStatusRules.ForConnector(ocpp, inTransaction).ShouldBe(expected);

    [Theory]
    [InlineData("Charging,Available", EvseStatus.Charging)]
    [InlineData("Available,Charging", EvseStatus.Charging)]
    [InlineData("Faulted,Charging", EvseStatus.Charging)]
    [InlineData("Finishing,Available", EvseStatus.Blocked)]
    [InlineData("Finishing,Charging", EvseStatus.Charging)]
    [InlineData("Reserved,Available", EvseStatus.Reserved)]
    [InlineData("Faulted,Available", EvseStatus.Available)]
    [InlineData("Unavailable,Available", EvseStatus.Available)]
    [InlineData("Faulted,Unavailable", EvseStatus.Inoperative)]
    [InlineData("Faulted,Faulted", EvseStatus.OutOfOrder)]
    [InlineData("Faulted", EvseStatus.OutOfOrder)]
    [InlineData("Unavailable", EvseStatus.Inoperative)]
    [InlineData("Melting,Available", EvseStatus.Available)]
    [InlineData("Melting", EvseStatus.Unknown)]
    public void an_evse_with_several_connectors_shows_the_one_that_decides_whether_a_driver_can_use_it(string connectors, EvseStatus expected) =>
        EvseStatusRules.ForEvse(connectors.Split(',').Select(s => EvseStatusRules.ForConnector(s, inTransaction: false))).ShouldBe(expected);

    [Fact]
    public void an_evse_nobody_reported_is_unknown() => EvseStatusRules.ForEvse([]).ShouldBe(EvseStatus.Unknown);

    [FsCheck.Xunit.Property]
    public Property the_evse_status_does_not_depend_on_the_order_of_its_connectors_and_is_one_of_theirs() =>
        Prop.ForAll(Gen.Elements(OcppStatuses).ListOf().Where(l => l.Count > 0).ToArbitrary(), statuses =>
        {
            var connectors = statuses.Select(s => EvseStatusRules.ForConnector(s, inTransaction: false)).ToList();
            var status = EvseStatusRules.ForEvse(connectors);
            var reversed = EvseStatusRules.ForEvse(Enumerable.Reverse(connectors));
            return status == reversed && connectors.Contains(status);
        });

    [FsCheck.Xunit.Property]
    public Property one_charging_connector_makes_the_evse_charging_whatever_the_others_say() =>
        Prop.ForAll(Gen.Elements(OcppStatuses).ListOf().ToArbitrary(), others =>
            EvseStatusRules.ForEvse([.. others.Select(s => EvseStatusRules.ForConnector(s, inTransaction: false)), EvseStatus.Charging]) == EvseStatus.Charging);

    private static readonly Instant T0 = Instant.FromUtc(2026, 12, 1, 10, 0);

    [Fact]
    public void a_first_report_that_matches_what_the_location_shows_is_kept_but_changes_nothing()
    {
        var decision = EvseStatusRules.Apply(null, "E1", "1", "Available", false, T0, EvseStatus.Available)!;
        decision.ChangedTo.ShouldBeNull();
        decision.Next.Connectors["1"].ShouldBe(EvseStatus.Available);
        decision.Next.LastReportedAt.ShouldBe(T0);
    }

    [Fact]
    public void a_report_that_changes_the_evse_status_says_so_and_a_repeat_does_not()
    {
        var charging = EvseStatusRules.Apply(null, "E1", "1", "Charging", true, T0, EvseStatus.Available)!;
        charging.ChangedTo.ShouldBe(EvseStatus.Charging);
        var repeat = EvseStatusRules.Apply(charging.Next, "E1", "1", "Charging", true, T0 + Duration.FromSeconds(5), EvseStatus.Charging)!;
        repeat.ChangedTo.ShouldBeNull();
        repeat.Next.LastReportedAt.ShouldBe(T0 + Duration.FromSeconds(5));
    }

    [Fact]
    public void a_second_connector_becoming_available_keeps_an_evse_charging_on_the_first()
    {
        var first = EvseStatusRules.Apply(null, "E1", "1", "Charging", true, T0, EvseStatus.Available)!;
        var second = EvseStatusRules.Apply(first.Next, "E1", "2", "Available", false, T0 + Duration.FromSeconds(1), EvseStatus.Charging)!;
        second.ChangedTo.ShouldBeNull();
        var done = EvseStatusRules.Apply(second.Next, "E1", "1", "Available", false, T0 + Duration.FromSeconds(2), EvseStatus.Charging)!;
        done.ChangedTo.ShouldBe(EvseStatus.Available);
    }

    [Fact]
    public void a_report_older_than_the_last_applied_one_is_not_applied()
    {
        var applied = EvseStatusRules.Apply(null, "E1", "1", "Available", false, T0, EvseStatus.Charging)!;
        EvseStatusRules.Apply(applied.Next, "E1", "1", "Charging", true, T0 - Duration.FromSeconds(1), EvseStatus.Available).ShouldBeNull();
        EvseStatusRules.Apply(applied.Next, "E1", "1", "Charging", true, T0, EvseStatus.Available)!.ChangedTo.ShouldBe(EvseStatus.Charging);
    }

    [Fact]
    public void an_evse_the_operator_removed_stays_removed()
    {
        var decision = EvseStatusRules.Apply(null, "E1", "1", "Charging", true, T0, EvseStatus.Removed)!;
        decision.ChangedTo.ShouldBeNull();
        decision.Next.Connectors["1"].ShouldBe(EvseStatus.Charging);
    }
}
