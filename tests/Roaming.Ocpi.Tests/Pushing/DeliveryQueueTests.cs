using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Roaming.Ocpi.Pushing;
using Shouldly;

namespace Roaming.Ocpi.Tests.Pushing;

public class DeliveryQueueTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);

    private static Delivery D(string id, string partner, string? objectKey, int createdSecondsAgo, string status = DeliveryStatus.Queued,
        int dueInSeconds = 0) =>
        new(id, partner, "sessions", "PUT", "https://p.example/sessions", "{}", null, null, status, 0,
            Now - Duration.FromSeconds(createdSecondsAgo), Now + Duration.FromSeconds(dueInSeconds), null, null, objectKey);

    [Fact]
    public void ALaterRequestForTheSameObjectWaitsForTheEarlierOneEvenWhenItIsDue()
    {
        var put = D("a/put", "a", "sessions/S1", 10, DeliveryStatus.Retrying, dueInSeconds: 30);
        var patch = D("a/patch", "a", "sessions/S1", 5);
        var other = D("a/other", "a", "sessions/S2", 1);
        var due = DeliveryQueue.DueHeads([patch, put, other], Now);
        due.Keys.ShouldBe(["a"]);
        due["a"].Select(d => d.Id).ShouldBe(["a/other"]);
        DeliveryQueue.DueHeads([patch, put, other], Now + Duration.FromSeconds(30))["a"].Select(d => d.Id).ShouldBe(["a/put", "a/other"]);
    }

    [Fact]
    public void FinalDeliveriesDoNotHoldTheQueue()
    {
        var expired = D("a/put", "a", "sessions/S1", 10, DeliveryStatus.Expired);
        var patch = D("a/patch", "a", "sessions/S1", 5);
        DeliveryQueue.DueHeads([expired, patch], Now)["a"].Select(d => d.Id).ShouldBe(["a/patch"]);
    }

    [Fact]
    public void EachPartnerHasItsOwnQueueAndCommandResultsStandAlone()
    {
        var blocked = D("a/put", "a", "sessions/S1", 10, DeliveryStatus.Retrying, dueInSeconds: 60);
        var sameObjectOtherPartner = D("b/put", "b", "sessions/S1", 9);
        var result1 = D("a/command-result/1", "a", null, 8);
        var result2 = D("a/command-result/2", "a", null, 7);
        var due = DeliveryQueue.DueHeads([blocked, sameObjectOtherPartner, result1, result2], Now);
        due["a"].Select(d => d.Id).ShouldBe(["a/command-result/1", "a/command-result/2"]);
        due["b"].Select(d => d.Id).ShouldBe(["b/put"]);
    }

    [Fact]
    public void ARequeuedDeliveryGoesBehindWhatIsQueuedNow()
    {
        var requeued = DeliveryPolicy.Requeue(D("a/1", "a", "cdrs/C1", 100, DeliveryStatus.Expired), Now, "operator");
        var patch = D("a/2", "a", "cdrs/C1", 50);
        DeliveryQueue.DueHeads([requeued, patch], Now)["a"].Select(d => d.Id).ShouldBe(["a/2"]);
    }

    /// <summary>Whatever the order they are stored in: per object, only the oldest waiting request is ever offered.</summary>
    [Property(MaxTest = 300)]
    public Property OnlyTheOldestWaitingRequestOfAnObjectIsOffered() => Prop.ForAll(
        (from objectNumber in Gen.Choose(1, 4)
         from age in Gen.Choose(0, 1000)
         from waiting in Gen.Elements(true, false)
         select (objectNumber, age, waiting)).ListOf().ToArbitrary(),
        rows =>
        {
            var deliveries = rows.Select((r, i) => D($"a/{i:D4}", "a", $"sessions/S{r.objectNumber}", r.age,
                r.waiting ? DeliveryStatus.Retrying : DeliveryStatus.Delivered)).ToList();
            var offered = DeliveryQueue.DueHeads(deliveries, Now).GetValueOrDefault("a") ?? [];
            var expected = deliveries.Where(d => DeliveryStatus.IsWaiting(d.Status)).GroupBy(d => d.ObjectKey)
                .Select(g => g.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id, StringComparer.Ordinal).First().Id).ToHashSet();
            return offered.Select(d => d.Id).ToHashSet().SetEquals(expected)
                && offered.Zip(offered.Skip(1)).All(pair => pair.First.QueuedAt <= pair.Second.QueuedAt);
        });
}
