using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Roaming.Contracts.Clearing.V1;
using Roaming.Ocpi.Hub.Cdrs;
using Shouldly;

namespace Roaming.Ocpi.Tests.Hub.Data;

public class HubCdrReleaseTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 12, 7, 10, 0);

    private static readonly CdrForClearing Facts = new("BECP1CDR1", "BE*CP1*E1", "DE-MS1-C12345678", "new", null, null, "EUR", 4m, [], null,
        OcpiCdrForClearing.Protocol, "{\"id\":\"CDR1\"}");

    private static CdrClearingStatusChanged Change(string status, int minute, CdrForClearing? cdr = null) =>
        new("BECP1CDR1", "BE*CP1*E1", "BE*CP1", "DE*MS1", status, "ocpi:cpo", null, T0.Plus(Duration.FromMinutes(minute)), cdr);

    private static IReadOnlyList<CdrForClearing?> Run(params CdrClearingStatusChanged[] changes)
    {
        HubCdrClearing? state = null;
        var released = new List<CdrForClearing?>();
        foreach (var change in changes)
        {
            var decision = HubCdrRelease.Decide(state, change);
            state = decision.Next;
            released.Add(decision.Release);
        }
        return released;
    }

    [Fact]
    public void an_accepted_cdr_is_released_with_the_facts_of_its_upload() =>
        Run(Change("new", 0, Facts), Change("accepted", 0)).ShouldBe([null, Facts]);

    [Fact]
    public void an_acceptance_that_overtook_its_upload_waits_for_the_facts() =>
        Run(Change("accepted", 0), Change("new", 0, Facts)).ShouldBe([null, Facts]);

    [Fact]
    public void a_revision_is_released_with_the_revised_facts_and_confirmations_release_nothing()
    {
        var revised = Facts with { TotalCost = 3m, Status = "revised" };
        Run(Change("new", 0, Facts), Change("accepted", 0), Change("declined", 5), Change("revised", 10, revised), Change("approved", 15))
            .ShouldBe([null, Facts, null, revised, null]);
    }

    [Fact]
    public void an_implausible_cdr_is_never_released() =>
        Run(Change("new", 0, Facts), Change("implausible", 0)).ShouldAllBe(released => released == null);

    [Fact]
    public void the_latest_transition_is_the_status_kept_whatever_the_order()
    {
        var state = HubCdrRelease.Decide(null, Change("approved", 10)).Next;
        state = HubCdrRelease.Decide(state, Change("accepted", 0)).Next;
        state.Status.ShouldBe("approved");
    }

    [Property(MaxTest = 100)]
    public Property in_any_order_an_upload_and_its_acceptance_release_the_cdr_exactly_once(int seed)
    {
        var changes = new[] { Change("new", 0, Facts), Change("accepted", 0), Change("approved", 20) };
        var shuffled = changes.Select((c, i) => (c, key: new Random(seed + i).Next())).OrderBy(x => x.key).Select(x => x.c).ToArray();
        var released = Run(shuffled).OfType<CdrForClearing>().ToList();
        return (released.Count == 1 && released[0] == Facts).ToProperty();
    }
}
