using JasperFx.Events;
using NodaTime;
using Roaming.Contracts.Ingest.V1;
using Roaming.Ingest.Commands;
using Roaming.Ingest.Publishing;
using Roaming.Ingest.Transactions;
using Shouldly;

namespace Roaming.Ingest.Tests.Publishing;

public class IngestIntegrationEventsTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);

    private static object? Publish(object fact) => new IngestIntegrationEvents().ToMessage(new Event<object>(fact));

    [Fact]
    public void GivenCommandAnswered_WhenPublished_ThenChargePointCommandCompletedWithTheSameId()
    {
        var id = Guid.CreateVersion7();

        Publish(new ChargePointCommandAnswered(id, "Reset", "CP1", "Reset", "Rejected", "Rejected", "{\"status\":\"Rejected\"}", Now))
            .ShouldBe(new ChargePointCommandCompleted(id, "Rejected", "Rejected", "{\"status\":\"Rejected\"}"));
    }

    [Fact]
    public void GivenUnannouncedTransaction_WhenPublished_ThenNothingLeavesIngest()
    {
        Publish(new TransactionBegan("CS1", "tx", 1, 1, null, null, null, 0, Now, Now, false, 0)).ShouldBeNull();
        Publish(new TransactionTokenPresented("CS1", "tx", "TAG", "Accepted", Now, Now, 1)).ShouldBeNull();
    }

    [Fact]
    public void GivenSweptStop_WhenPublished_ThenMarkedClosedBySweep() =>
        Publish(new TransactionStopped("CP1", "1", 4000, null, "TAG", Now, Now, false, false, ClosedBySweep: true))
            .ShouldBeOfType<ChargingTransactionStopped>().ClosedBySweep.ShouldBeTrue();

    /// <summary>
    /// The outbox reads only <see cref="IngestIntegrationEvents.PublishedEventTypes"/>; a type the map turns into a message
    /// but that is missing from the list would silently never be published. Every other Ingest type must map to nothing
    /// (its fields are left empty: the map switches on the type first, so an unlisted type never reaches a field).
    /// </summary>
    [Fact]
    public void GivenAnyIngestTypeOutsideThePublishedList_WhenMapped_ThenNoMessage()
    {
        var map = new IngestIntegrationEvents();
        var unlisted = typeof(IngestIntegrationEvents).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false, ContainsGenericParameters: false } &&
                           !map.PublishedEventTypes.Contains(type) && !typeof(Delegate).IsAssignableFrom(type))
            .ToList();

        unlisted.Count.ShouldBeGreaterThan(50);
        unlisted.Where(type => Publish(System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type)) is not null)
            .ShouldBeEmpty();
        map.PublishedEventTypes.ShouldContain(typeof(MeterValuesSampled));
        map.PublishedEventTypes.ShouldNotContain(typeof(Roaming.Ingest.Recording.OcppFrameRecorded));
    }
}
