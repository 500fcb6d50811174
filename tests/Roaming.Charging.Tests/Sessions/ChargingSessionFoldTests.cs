using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Roaming.Charging.Sessions;
using Roaming.Platform.Json;
using Shouldly;

namespace Roaming.Charging.Tests.Sessions;

/// <summary>Folding shares sample storage between session states; every state must still see exactly its own samples.</summary>
public class ChargingSessionFoldTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 20, 10, 0);
    private static readonly SessionStarted Started = new("S1", "NL", "TNM", "CP1", "1", "LOC1", "E1", "1", "TAG", "Accepted", 1000m, Start, Start);

    private static MeterSamplesRecorded Reading(int second, decimal wh) =>
        new("S1", [new MeterSampleRecorded(Start + Duration.FromSeconds(second), "Energy.Active.Import.Register", null, "Sample.Periodic", wh, "Wh", null)],
            Start + Duration.FromSeconds(second));

    [Fact]
    public void Folding_a_stream_keeps_every_sample_and_status_in_order()
    {
        var events = Enumerable.Range(1, 500).Select(i => (object)Reading(10 * i, 1000m + i))
            .Append(new ConnectorStatusRecorded("S1", "SuspendedEV", Start + Duration.FromSeconds(5000), Start))
            .Append(Reading(5010, 1600m));

        var session = events.Aggregate(ChargingSession.Begin(Started), ChargingSession.Fold);

        session.Samples.Count.ShouldBe(501);
        session.Samples.Select(s => s.Value).ShouldBe(Enumerable.Range(1, 500).Select(i => (decimal?)(1000m + i)).Append(1600m));
        session.Statuses.ShouldHaveSingleItem().Status.ShouldBe("SuspendedEV");
        session.EnergyKwh.ShouldBe(0.6m);
    }

    [Fact]
    public void An_earlier_state_folded_again_does_not_change_the_later_one()
    {
        var earlier = ChargingSession.Fold(ChargingSession.Begin(Started), Reading(10, 1100m));
        var later = ChargingSession.Fold(earlier, Reading(20, 1200m));

        // A redelivered or competing event applied to the earlier state (e.g. two handlers reading the same snapshot).
        var branch = ChargingSession.Fold(earlier, Reading(20, 1900m));

        earlier.Samples.Select(s => s.Value).ShouldBe([1100m]);
        later.Samples.Select(s => s.Value).ShouldBe([1100m, 1200m]);
        branch.Samples.Select(s => s.Value).ShouldBe([1100m, 1900m]);
        later.EnergyKwh.ShouldBe(0.2m);
        branch.EnergyKwh.ShouldBe(0.9m);
    }

    [Fact]
    public void A_folded_session_round_trips_through_json_as_stored_and_folds_on()
    {
        var session = Enumerable.Range(1, 20).Select(i => (object)Reading(10 * i, 1000m + 10 * i))
            .Aggregate(ChargingSession.Begin(Started), ChargingSession.Fold);

        var json = JsonSerializer.Serialize(session, RoamingJson.Options);
        var read = JsonSerializer.Deserialize<ChargingSession>(json, RoamingJson.Options)!;
        var next = ChargingSession.Fold(read, Reading(300, 1500m));

        read.Samples.ShouldBe(session.Samples);
        next.Samples.Count.ShouldBe(21);
        next.EnergyKwh.ShouldBe(0.5m);
    }

    [Fact]
    public void The_stored_document_keeps_the_last_reading_without_samples_and_a_document_stored_with_samples_still_reads_right()
    {
        var session = Enumerable.Range(1, 20).Select(i => (object)Reading(10 * i, 1000m + 10 * i))
            .Aggregate(ChargingSession.Begin(Started), ChargingSession.Fold);

        var stored = JsonSerializer.Deserialize<ChargingSession>(JsonSerializer.Serialize(session.WithoutSamples(), RoamingJson.Options), RoamingJson.Options)!;
        stored.Samples.ShouldBeEmpty();
        stored.EnergyKwh.ShouldBe(0.2m);
        ChargingSession.Fold(stored, Reading(300, 1500m)).EnergyKwh.ShouldBe(0.5m);
        ChargingSession.Fold(stored, Reading(190, 1100m)).EnergyKwh.ShouldBe(0.2m); // an older reading delivered late is not the latest

        // The shape stored before the samples left the document: every sample, no lastEnergyReading.
        var before = JsonSerializer.SerializeToNode(session, RoamingJson.Options)!.AsObject();
        before.Remove("lastEnergyReading").ShouldBeTrue();
        var old = before.Deserialize<ChargingSession>(RoamingJson.Options)!;
        old.EnergyKwh.ShouldBe(0.2m);
        old.LastEnergyReading.ShouldBe(session.LastEnergyReading);
    }

    /// <summary>Any sequence of appends, each to any earlier version: every version holds what a plain copy would.</summary>
    [Property(MaxTest = 300)]
    public Property Every_version_holds_exactly_its_items() =>
        Prop.ForAll(Gen.Choose(0, 1000).Two().Select(t => (Base: t.Item1, Items: t.Item2 % 5)).ListOf().ToArbitrary(), appends =>
        {
            var versions = new List<(AppendOnlyList<int> List, List<int> Model)> { (AppendOnlyList<int>.Empty, []) };
            var next = 0;
            foreach (var (baseChoice, itemCount) in appends)
            {
                var (list, model) = versions[baseChoice % versions.Count];
                var items = Enumerable.Range(next, itemCount).ToList();
                next += itemCount;
                versions.Add((list.Append(items), [.. model, .. items]));
            }

            foreach (var (list, model) in versions)
            {
                list.Count.ShouldBe(model.Count);
                list.ShouldBe(model);
                for (var i = 0; i < model.Count; i++) list[i].ShouldBe(model[i]);
            }
        });
}
