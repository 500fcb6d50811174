using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Configuration;
using NodaTime;
using Roaming.Ocpi.Hub.Clients;
using Roaming.Ocpi.Transport;
using Shouldly;

namespace Roaming.Ocpi.Tests.Hub;

/// <summary>When an observation of a platform (it answered, or could not be reached) is recorded as OFFLINE or CONNECTED.</summary>
public class OfflinePlatformRulesTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 10, 0);
    private static readonly Duration Settle = Duration.FromSeconds(10);

    private static HubPlatformReachability Recorded(bool offline, int secondsAgo) =>
        new(HubPlatformReachability.StreamOf("p"), "p", offline, Now - Duration.FromSeconds(secondsAgo), offline ? "refused" : null, "hub:delivery");

    public static TheoryData<string, HubPlatformReachability?, bool, ReachabilityDecision> Observations => new()
    {
        { "never recorded, answers", null, false, ReachabilityDecision.Unchanged },
        { "never recorded, unreachable", null, true, ReachabilityDecision.Record },
        { "OFFLINE, unreachable again", Recorded(true, 1), true, ReachabilityDecision.Unchanged },
        { "OFFLINE long ago, unreachable again", Recorded(true, 3600), true, ReachabilityDecision.Unchanged },
        { "OFFLINE for an hour, answers", Recorded(true, 3600), false, ReachabilityDecision.Record },
        { "OFFLINE exactly the settle time, answers", Recorded(true, 10), false, ReachabilityDecision.Record },
        { "OFFLINE a second ago, answers", Recorded(true, 1), false, ReachabilityDecision.Later },
        { "CONNECTED again a second ago, unreachable", Recorded(false, 1), true, ReachabilityDecision.Later },
        { "CONNECTED again a minute ago, unreachable", Recorded(false, 60), true, ReachabilityDecision.Record },
        { "CONNECTED again, answers", Recorded(false, 1), false, ReachabilityDecision.Unchanged },
    };

    [Theory]
    [MemberData(nameof(Observations))]
    public void AnObservationIsRecordedOnlyWhenItChangesTheStateAndTheLastChangeHasSettled(string _, HubPlatformReachability? recorded, bool offline,
        ReachabilityDecision expected) =>
        PlatformReachabilityRules.Decide(recorded, offline, Now, Settle).ShouldBe(expected);

    [Fact]
    public void WithoutASettleTimeEveryChangeIsRecordedAtOnce() =>
        PlatformReachabilityRules.Decide(Recorded(true, 0), false, Now, Duration.Zero).ShouldBe(ReachabilityDecision.Record);

    [Theory]
    [InlineData(null, 10_000)]
    [InlineData("00:00:00", 0)]
    [InlineData("00:01:00", 60_000)]
    public void TheSettleTimeIsTenSecondsUnlessSet(string? value, int expectedMs)
    {
        var options = Bind(value);
        options.Validate();
        options.Hub.ReachabilitySettle.ShouldBe(TimeSpan.FromMilliseconds(expectedMs));
    }

    [Fact]
    public void ANegativeSettleTimeIsRefusedNamingTheSetting() =>
        Should.Throw<ArgumentException>(() => Bind("-00:00:01").Validate()).Message.ShouldContain("Roaming:Ocpi:Hub:ReachabilitySettle");

    private static OcpiOptions Bind(string? settle) =>
        new ConfigurationBuilder().AddInMemoryCollection(settle is null ? [] : [new("Roaming:Ocpi:Hub:ReachabilitySettle", settle)]).Build()
            .GetSection("Roaming:Ocpi").Get<OcpiOptions>() ?? new OcpiOptions();

    /// <summary>
    /// Any run of observations (a platform answering or not, at any pace) played through the recorder's loop (each
    /// observation replaces the pending one, which is judged at once and again every second): the changes recorded
    /// alternate, are at most one per settle time, and once the platform stays as it last was for the settle time, what
    /// is recorded is that last observation.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property AFlappingPlatformRecordsAtMostOneChangePerSettleTimeAndEndsAsItWasLastSeen() => Prop.ForAll(
        Gen.Zip(Gen.Elements(true, false), Gen.Choose(0, 15_000)).ListOf().Where(l => l.Count > 0).ToArbitrary(), observations =>
        {
            HubPlatformReachability? recorded = null;
            bool? pending = null;
            var changes = new List<(bool Offline, Instant At)>();
            var now = Now;

            void Judge()
            {
                if (pending is not { } offline)
                    return;
                var decision = PlatformReachabilityRules.Decide(recorded, offline, now, Settle);
                if (decision == ReachabilityDecision.Later)
                    return;
                if (decision == ReachabilityDecision.Record)
                {
                    recorded = new HubPlatformReachability(HubPlatformReachability.StreamOf("p"), "p", offline, now, null, "test");
                    changes.Add((offline, now));
                }
                pending = null;
            }

            void PassTo(Instant until)
            {
                for (var tick = now + Duration.FromSeconds(1); tick <= until; tick += Duration.FromSeconds(1))
                {
                    now = tick;
                    Judge();
                }
                now = until;
            }

            foreach (var (offline, gapMs) in observations)
            {
                PassTo(now + Duration.FromMilliseconds(gapMs));
                pending = offline;
                Judge();
            }
            PassTo(now + Settle + Duration.FromSeconds(1));

            var alternate = changes.Zip(changes.Skip(1)).All(p => p.First.Offline != p.Second.Offline) && (changes.Count == 0 || changes[0].Offline);
            var spaced = changes.Zip(changes.Skip(1)).All(p => p.Second.At - p.First.At >= Settle);
            var endsAsLastSeen = (recorded?.Offline ?? false) == observations[^1].Item1;
            return (alternate && spaced && endsAsLastSeen).Label($"changes: {string.Join(", ", changes)}");
        });
}
