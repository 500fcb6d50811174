using NodaTime;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Ocpp.V16.Messages;
using Roaming.Ingest.Protocols;
using Roaming.Ingest.Transactions;
using SampledValue = Roaming.Ingest.Ocpp.V16.Messages.SampledValue;
using Shouldly;

namespace Roaming.Ingest.Tests.Protocols;

public class Ocpp16DecisionsTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);
    private static readonly DateTimeOffset Started = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static ChargePoint Registered() => ChargePoint.Fold(new ChargePoint { Id = "CP1" },
        new ChargePointRegistered("CP1", "hash", [new ConnectorMapping(1, 1, "LOC1", "LOC1-E1", "1")], Now));

    private static ChargePoint Apply(ChargePoint state, params object[] facts) => facts.Aggregate(state, ChargePoint.Fold);

    [Fact]
    public void GivenRegisteredCharger_WhenStartTransaction_ThenNextTransactionIdOnMappedConnector()
    {
        var (id, fact) = Ocpp16Decisions.Start(Registered(), new StartTransactionRequest(1, "TAG", 1000, Started), "Accepted", Now);

        id.ShouldBe(1);
        fact.ShouldNotBeNull();
        fact.TransactionId.ShouldBe("1");
        fact.Connector.ShouldBe(new ConnectorMapping(1, 1, "LOC1", "LOC1-E1", "1"));
        fact.MeterStartWh.ShouldBe(1000m);
        fact.ReportedAt.ShouldBe(Instant.FromDateTimeOffset(Started));
        fact.ReceivedAt.ShouldBe(Now);
        fact.Offline.ShouldBeTrue("reported an hour before it was received");
    }

    [Fact]
    public void GivenStartedTransaction_WhenTheSameStartIsRetriedWithANewMessageId_ThenSameIdAndNoSecondSession()
    {
        var request = new StartTransactionRequest(1, "TAG", 1000, Started);
        var (_, first) = Ocpp16Decisions.Start(Registered(), request, "Accepted", Now);
        var state = Apply(Registered(), first!);

        var (again, second) = Ocpp16Decisions.Start(state, request, "Accepted", Now);

        again.ShouldBe(1);
        second.ShouldBeNull();
    }

    [Fact]
    public void GivenStartedTransaction_WhenADifferentStartArrives_ThenItGetsTheNextId()
    {
        var (_, first) = Ocpp16Decisions.Start(Registered(), new StartTransactionRequest(1, "TAG", 1000, Started), "Accepted", Now);
        var (next, _) = Ocpp16Decisions.Start(Apply(Registered(), first!), new StartTransactionRequest(1, "TAG", 5000, Started.AddHours(1)), "Accepted", Now);

        next.ShouldBe(2);
    }

    [Fact]
    public void GivenOpenTransaction_WhenStopBelowMeterStart_ThenStoppedAndFlagged()
    {
        var (_, started) = Ocpp16Decisions.Start(Registered(), new StartTransactionRequest(1, "TAG", 1000, Started), "Accepted", Now);

        var facts = Ocpp16Decisions.Stop(Apply(Registered(), started!), new StopTransactionRequest(1, 999, Started.AddHours(1)), Now);

        var stopped = facts.OfType<TransactionStopped>().ShouldHaveSingleItem();
        stopped.MeterWentBackwards.ShouldBeTrue();
        stopped.Orphan.ShouldBeFalse();
    }

    [Fact]
    public void GivenNoTransaction_WhenStop_ThenRecordedAsOrphan()
    {
        var facts = Ocpp16Decisions.Stop(Registered(), new StopTransactionRequest(77, 5000, Started), Now);

        facts.OfType<TransactionStopped>().ShouldHaveSingleItem().Orphan.ShouldBeTrue();
    }

    [Fact]
    public void GivenStoppedTransaction_WhenTheStopIsResent_ThenNothingNew()
    {
        var (_, started) = Ocpp16Decisions.Start(Registered(), new StartTransactionRequest(1, "TAG", 1000, Started), "Accepted", Now);
        var stop = new StopTransactionRequest(1, 4000, Started.AddHours(1));
        var state = Apply(Registered(), started!);
        state = Apply(state, [.. Ocpp16Decisions.Stop(state, stop, Now)]);

        Ocpp16Decisions.Stop(state, stop, Now).ShouldBeEmpty();
    }

    [Fact]
    public void GivenStopWithTransactionData_ThenSamplesAreRecordedBeforeTheStop()
    {
        var (_, started) = Ocpp16Decisions.Start(Registered(), new StartTransactionRequest(1, "TAG", 1000, Started), "Accepted", Now);
        var data = new[] { new MeterValue(Started.AddHours(1), [new SampledValue("4.5", Context: ReadingContext.TransactionEnd, Unit: UnitOfMeasure.kWh)]) };

        var facts = Ocpp16Decisions.Stop(Apply(Registered(), started!), new StopTransactionRequest(1, 4500, Started.AddHours(1), TransactionData: data), Now);

        var sampled = facts[0].ShouldBeOfType<MeterValuesSampled>();
        sampled.Samples.ShouldHaveSingleItem().Value.ShouldBe(4500m);
        sampled.Samples[0].Context.ShouldBe("Transaction.End");
        facts[1].ShouldBeOfType<TransactionStopped>();
    }

    [Fact]
    public void GivenTransactionIdMinusOne_WhenMeterValues_ThenAttributedToTheOpenTransactionOnTheConnector()
    {
        var (_, started) = Ocpp16Decisions.Start(Registered(), new StartTransactionRequest(1, "TAG", 1000, Started), "Accepted", Now);

        var sampled = Ocpp16Decisions.MeterValues(Apply(Registered(), started!),
            new MeterValuesRequest(1, [new MeterValue(Started.AddMinutes(5), [new SampledValue("1500")])], -1), Now);

        sampled.TransactionId.ShouldBe("1");
        sampled.LastEnergyRegisterWh.ShouldBe(1500m);
    }
}
