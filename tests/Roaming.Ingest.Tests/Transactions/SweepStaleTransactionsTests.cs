using NodaTime;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Ocpp.V16.Messages;
using Roaming.Ingest.Protocols;
using Roaming.Ingest.Transactions;
using Roaming.Ingest.Transactions.Sweeping;
using Shouldly;
using SampledValue = Roaming.Ingest.Ocpp.V16.Messages.SampledValue;

namespace Roaming.Ingest.Tests.Transactions;

public class SweepStaleTransactionsTests
{
    private static readonly Instant Received = Instant.FromUtc(2026, 11, 24, 10, 0);
    private static readonly DateTimeOffset Started = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly Duration StaleAfter = Duration.FromHours(24);

    private static ChargePoint Charging()
    {
        var state = ChargePoint.Fold(new ChargePoint { Id = "CP1" },
            new ChargePointRegistered("CP1", "hash", [new ConnectorMapping(1, 1, "LOC1", "LOC1-E1", "1")], Received));
        var (_, started) = Ocpp16Decisions.Start(state, new StartTransactionRequest(1, "TAG", 1000, Started), "Accepted", Received);
        state = ChargePoint.Fold(state, started!);
        var sample = Ocpp16Decisions.MeterValues(state, new MeterValuesRequest(1, [new MeterValue(Started.AddHours(1),
            [new SampledValue("4000", Measurand: Measurand.EnergyActiveImportRegister, Unit: UnitOfMeasure.Wh)])], 1), Received + Duration.FromHours(1));
        return ChargePoint.Fold(state, sample);
    }

    [Fact]
    public void GivenTransactionWithRecentNews_WhenSwept_ThenNothing() =>
        SweepStaleTransactions.Decide(Charging(), Received + Duration.FromHours(20), StaleAfter).ShouldBeEmpty();

    [Fact]
    public void GivenTransactionSilentLongerThanTheLimit_WhenSwept_ThenClosedAtTheLastReadingAndMarked()
    {
        var now = Received + Duration.FromHours(26);

        var stopped = SweepStaleTransactions.Decide(Charging(), now, StaleAfter).ShouldHaveSingleItem().ShouldBeOfType<TransactionStopped>();

        stopped.TransactionId.ShouldBe("1");
        stopped.ClosedBySweep.ShouldBeTrue();
        stopped.MeterStopWh.ShouldBe(4000m);
        stopped.ReportedAt.ShouldBe(Instant.FromDateTimeOffset(Started.AddHours(1)), "billed until the last reading, not until the sweep");
        stopped.ReceivedAt.ShouldBe(now);
        stopped.Orphan.ShouldBeFalse();
    }

    [Fact]
    public void GivenSweptTransaction_WhenTheRealStopArrivesLate_ThenAcceptedWithoutASecondStop()
    {
        var state = Charging();
        state = SweepStaleTransactions.Decide(state, Received + Duration.FromHours(26), StaleAfter).Aggregate(state, ChargePoint.Fold);

        Ocpp16Decisions.Stop(state, new StopTransactionRequest(1, 5000, Started.AddHours(2)), Received + Duration.FromHours(27)).ShouldBeEmpty();
        state.OpenTransactions.ShouldBeEmpty();
    }

    [Fact]
    public void GivenOfflineReplayWithOldTimestamps_WhenSwept_ThenNotStaleBecauseItWasReceivedRecently()
    {
        var state = Charging();
        var now = Instant.FromDateTimeOffset(Started) + Duration.FromDays(3);
        var replayed = ChargePoint.Fold(state, new MeterValuesSampled("CP1", "1", 1, 1,
            [new Roaming.Ingest.Transactions.SampledValue(Instant.FromDateTimeOffset(Started.AddHours(2)), "Energy.Active.Import.Register", null, "Sample.Periodic", null, 5000, "Wh", null)],
            now - Duration.FromMinutes(1), null));

        SweepStaleTransactions.Decide(replayed, now, StaleAfter).ShouldBeEmpty();
    }

    [Fact]
    public void GivenUnannounced201Transaction_WhenSwept_ThenAnnouncedBeforeItIsClosed()
    {
        var state = ChargePoint.Fold(new ChargePoint { Id = "CS1" },
            new ChargePointRegistered("CS1", "hash", [new ConnectorMapping(1, 1, "LOC1", "LOC1-E1", "1")], Received));
        state = ChargePoint.Fold(state, new TransactionBegan("CS1", "tx", 1, 1, null, null, null, 1000, Received, Received, false, 0));

        var facts = SweepStaleTransactions.Decide(state, Received + Duration.FromDays(2), StaleAfter);

        facts[0].ShouldBeOfType<TransactionStarted>().AuthorizationStatus.ShouldBe(Ocpp201Decisions.NoTokenPresented);
        facts[1].ShouldBeOfType<TransactionStopped>().ClosedBySweep.ShouldBeTrue();
    }
}
