using NodaTime;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Ocpp.V201.Messages;
using Roaming.Ingest.Protocols;
using Roaming.Ingest.Transactions;
using Shouldly;

namespace Roaming.Ingest.Tests.Protocols;

public class Ocpp201DecisionsTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 58, 0, TimeSpan.Zero);
    private static readonly ConnectorMapping Mapping = new(1, 1, "LOC1", "LOC1-E1", "1");

    private static ChargePoint Registered() => ChargePoint.Fold(new ChargePoint { Id = "CS1" },
        new ChargePointRegistered("CS1", "hash", [Mapping], Now));

    private static ChargePoint Apply(ChargePoint state, IEnumerable<object> facts) => facts.Aggregate(state, ChargePoint.Fold);

    private static MeterValueType Reading(decimal wh, DateTimeOffset at, ReadingContextEnumType context = ReadingContextEnumType.SamplePeriodic) =>
        new([new SampledValueType(wh, context, MeasurandEnumType.EnergyActiveImportRegister, UnitOfMeasure: new UnitOfMeasureType("Wh"))], at);

    private static TransactionEventRequest Event(TransactionEventEnumType type, int seqNo, DateTimeOffset at, decimal? wh = null,
        ChargingStateEnumType? state = ChargingStateEnumType.Charging, string? token = "TAG", ReadingContextEnumType context = ReadingContextEnumType.SamplePeriodic,
        bool? offline = null, ReasonEnumType? stoppedReason = null, string transactionId = "tx-1") =>
        new(type, at, TriggerReasonEnumType.MeterValuePeriodic, seqNo, new TransactionType(transactionId, state, StoppedReason: stoppedReason),
            wh is null ? null : [Reading(wh.Value, at, context)], offline, Evse: new EVSEType(1, 1),
            IdToken: token is null ? null : new IdTokenType(token, IdTokenEnumType.ISO14443));

    private static TransactionEventRequest Started(decimal wh = 1000, string? token = "TAG") =>
        Event(TransactionEventEnumType.Started, 0, Start, wh, token: token, context: ReadingContextEnumType.TransactionBegin);

    [Fact]
    public void GivenRegisteredStation_WhenStartedWithTokenAndReading_ThenTransactionStartedAndChargingStatus()
    {
        var facts = Ocpp201Decisions.TransactionEvent(Registered(), Started(), "Accepted", Now);

        var started = facts.OfType<TransactionStarted>().Single();
        started.TransactionId.ShouldBe("tx-1");
        started.OcppVersion.ShouldBe("2.0.1");
        started.Connector.ShouldBe(Mapping);
        started.IdTag.ShouldBe("TAG");
        started.MeterStartWh.ShouldBe(1000m);
        started.ReportedAt.ShouldBe(Instant.FromDateTimeOffset(Start));
        started.Offline.ShouldBeFalse();
        facts.OfType<ConnectorStatusReported>().Single().Status.ShouldBe("Charging");
        facts.ToList().IndexOf(started).ShouldBe(0, "the session must exist before its samples and statuses arrive downstream");
    }

    [Fact]
    public void GivenStartedTransaction_WhenTheSameSeqNoArrivesAgain_ThenNoNewFacts()
    {
        var state = Apply(Registered(), Ocpp201Decisions.TransactionEvent(Registered(), Started(), "Accepted", Now));
        var update = Event(TransactionEventEnumType.Updated, 1, Start.AddMinutes(1), 2000);
        state = Apply(state, Ocpp201Decisions.TransactionEvent(state, update, "Accepted", Now));

        Ocpp201Decisions.TransactionEvent(state, update, "Accepted", Now).ShouldBeEmpty();
        Ocpp201Decisions.TransactionEvent(state, Started(), "Accepted", Now).ShouldBeEmpty();
    }

    [Fact]
    public void GivenSeqNoGap_WhenTheMissingEventArrivesLate_ThenItIsAppliedOnceAndTheLastReadingStays()
    {
        var state = Apply(Registered(), Ocpp201Decisions.TransactionEvent(Registered(), Started(), "Accepted", Now));
        state = Apply(state, Ocpp201Decisions.TransactionEvent(state, Event(TransactionEventEnumType.Updated, 3, Start.AddMinutes(3), 4000), "Accepted", Now));
        state.OpenTransactions["tx-1"].MissingSeqNos.ShouldBe([1, 2]);

        var late = Event(TransactionEventEnumType.Updated, 2, Start.AddMinutes(2), 3000);
        var facts = Ocpp201Decisions.TransactionEvent(state, late, "Accepted", Now);
        facts.OfType<MeterValuesSampled>().ShouldHaveSingleItem();
        state = Apply(state, facts);

        state.OpenTransactions["tx-1"].MissingSeqNos.ShouldBe([1]);
        state.OpenTransactions["tx-1"].LastMeterWh.ShouldBe(4000m, "a late sample must not move the reading backwards");
        Ocpp201Decisions.TransactionEvent(state, late, "Accepted", Now).ShouldBeEmpty();
    }

    [Fact]
    public void GivenUnchangedChargingState_WhenUpdated_ThenNoRepeatedStatus()
    {
        var state = Apply(Registered(), Ocpp201Decisions.TransactionEvent(Registered(), Started(), "Accepted", Now));
        var facts = Ocpp201Decisions.TransactionEvent(state, Event(TransactionEventEnumType.Updated, 1, Start.AddMinutes(1), 2000), "Accepted", Now);

        facts.OfType<ConnectorStatusReported>().ShouldBeEmpty();
        facts.OfType<MeterValuesSampled>().Single().SeqNo.ShouldBe(1);
    }

    [Theory]
    [InlineData(ChargingStateEnumType.SuspendedEV, "SuspendedEV")]
    [InlineData(ChargingStateEnumType.SuspendedEVSE, "SuspendedEVSE")]
    [InlineData(ChargingStateEnumType.EVConnected, "Finishing")]
    [InlineData(ChargingStateEnumType.Idle, "Finishing")]
    public void GivenChargingTransaction_WhenChargingStateChanges_ThenThe16StatusThatChargingUnderstands(ChargingStateEnumType chargingState, string expected)
    {
        var state = Apply(Registered(), Ocpp201Decisions.TransactionEvent(Registered(), Started(), "Accepted", Now));
        var facts = Ocpp201Decisions.TransactionEvent(state, Event(TransactionEventEnumType.Updated, 1, Start.AddMinutes(1), state: chargingState), "Accepted", Now);

        var status = facts.OfType<ConnectorStatusReported>().Single();
        status.Status.ShouldBe(expected);
        status.TransactionId.ShouldBe("tx-1");
        status.Connector.ShouldBe(Mapping);
    }

    [Fact]
    public void GivenPluggedInBeforeAuthorization_WhenEvConnected_ThenPreparing()
    {
        ChargePoint state = Registered();
        var facts = Ocpp201Decisions.TransactionEvent(state, Started(token: null) with { TransactionInfo = new TransactionType("tx-1", ChargingStateEnumType.EVConnected) }, null, Now);

        facts.OfType<ConnectorStatusReported>().Single().Status.ShouldBe("Preparing");
    }

    [Fact]
    public void GivenStartedWithoutToken_WhenTokenArrivesInUpdated_ThenAnnouncedWithTokenAtTheOriginalStart()
    {
        var began = Ocpp201Decisions.TransactionEvent(Registered(), Started(token: null), null, Now);
        began.OfType<TransactionStarted>().ShouldBeEmpty("no token yet: the session waits for it");
        began.OfType<TransactionBegan>().ShouldHaveSingleItem();
        var state = Apply(Registered(), began);

        var facts = Ocpp201Decisions.TransactionEvent(state, Event(TransactionEventEnumType.Updated, 1, Start.AddMinutes(2), 1500, token: "LATE"), "Accepted", Now);

        facts.OfType<TransactionTokenPresented>().Single().IdTag.ShouldBe("LATE");
        var started = facts.OfType<TransactionStarted>().Single();
        started.IdTag.ShouldBe("LATE");
        started.AuthorizationStatus.ShouldBe("Accepted");
        started.MeterStartWh.ShouldBe(1000m);
        started.ReportedAt.ShouldBe(Instant.FromDateTimeOffset(Start));
        facts.ToList().IndexOf(started).ShouldBeLessThan(facts.ToList().IndexOf(facts.OfType<MeterValuesSampled>().Single()));
        Apply(state, facts).OpenTransactions["tx-1"].Announced.ShouldBeTrue();
    }

    [Fact]
    public void GivenStartedWithoutReading_WhenFirstReadingArrives_ThenItIsTheMeterStart()
    {
        var state = Apply(Registered(), Ocpp201Decisions.TransactionEvent(Registered(),
            Event(TransactionEventEnumType.Started, 0, Start), "Accepted", Now));

        var facts = Ocpp201Decisions.TransactionEvent(state, Event(TransactionEventEnumType.Updated, 1, Start.AddMinutes(1), 1234), "Accepted", Now);

        facts.OfType<TransactionStarted>().Single().MeterStartWh.ShouldBe(1234m);
    }

    [Fact]
    public void GivenNeverAuthorized_WhenEnded_ThenAnnouncedWithoutTokenAndStopped()
    {
        var state = Apply(Registered(), Ocpp201Decisions.TransactionEvent(Registered(), Started(token: null), null, Now));

        var facts = Ocpp201Decisions.TransactionEvent(state, Event(TransactionEventEnumType.Ended, 1, Start.AddHours(1), 5000, ChargingStateEnumType.Idle, token: null), null, Now);

        facts.OfType<TransactionStarted>().Single().AuthorizationStatus.ShouldBe(Ocpp201Decisions.NoTokenPresented);
        facts.Last().ShouldBeOfType<TransactionStopped>().MeterStopWh.ShouldBe(5000m);
    }

    [Fact]
    public void GivenChargingTransaction_WhenEnded_ThenStoppedAtTheLastEnergyReadingWithoutAStatus()
    {
        var state = Apply(Registered(), Ocpp201Decisions.TransactionEvent(Registered(), Started(), "Accepted", Now));
        state = Apply(state, Ocpp201Decisions.TransactionEvent(state, Event(TransactionEventEnumType.Updated, 1, Start.AddMinutes(10), 3000), "Accepted", Now));

        var facts = Ocpp201Decisions.TransactionEvent(state, Event(TransactionEventEnumType.Ended, 2, Start.AddMinutes(20), 4500,
            ChargingStateEnumType.Idle, context: ReadingContextEnumType.TransactionEnd, stoppedReason: ReasonEnumType.Local), "Accepted", Now);

        var stopped = facts.OfType<TransactionStopped>().Single();
        stopped.MeterStopWh.ShouldBe(4500m);
        stopped.Reason.ShouldBe("Local");
        stopped.IdTag.ShouldBe("TAG");
        stopped.Orphan.ShouldBeFalse();
        stopped.MeterWentBackwards.ShouldBeFalse();
        facts.OfType<ConnectorStatusReported>().ShouldBeEmpty("1.6 reports Finishing after the stop, outside the session");
        facts.OfType<MeterValuesSampled>().Single().Samples.Single().Context.ShouldBe("Transaction.End");
    }

    [Fact]
    public void GivenEndedWithoutReading_WhenEnded_ThenStoppedAtTheLastKnownReading()
    {
        var state = Apply(Registered(), Ocpp201Decisions.TransactionEvent(Registered(), Started(), "Accepted", Now));
        state = Apply(state, Ocpp201Decisions.TransactionEvent(state, Event(TransactionEventEnumType.Updated, 1, Start.AddMinutes(10), 3000), "Accepted", Now));

        var facts = Ocpp201Decisions.TransactionEvent(state, Event(TransactionEventEnumType.Ended, 2, Start.AddMinutes(20)), "Accepted", Now);

        facts.OfType<TransactionStopped>().Single().MeterStopWh.ShouldBe(3000m);
    }

    [Fact]
    public void GivenStoppedTransaction_WhenEndedIsResent_ThenAnsweredWithoutASecondStop()
    {
        var state = Apply(Registered(), Ocpp201Decisions.TransactionEvent(Registered(), Started(), "Accepted", Now));
        var ended = Event(TransactionEventEnumType.Ended, 1, Start.AddMinutes(20), 4500);
        state = Apply(state, Ocpp201Decisions.TransactionEvent(state, ended, "Accepted", Now));

        Ocpp201Decisions.TransactionEvent(state, ended, "Accepted", Now).ShouldBeEmpty();
        Ocpp201Decisions.TransactionEvent(state, Event(TransactionEventEnumType.Updated, 5, Start.AddMinutes(30), 9999), "Accepted", Now).ShouldBeEmpty();
    }

    [Fact]
    public void GivenUnknownTransaction_WhenEnded_ThenOrphanStop()
    {
        var facts = Ocpp201Decisions.TransactionEvent(Registered(), Event(TransactionEventEnumType.Ended, 7, Start, 4500, transactionId: "lost"), "Accepted", Now);

        var stopped = facts.OfType<TransactionStopped>().Single();
        stopped.Orphan.ShouldBeTrue();
        stopped.MeterStopWh.ShouldBe(4500m);
    }

    [Fact]
    public void GivenLostStarted_WhenUpdatedArrives_ThenTheTransactionBeginsThere()
    {
        var facts = Ocpp201Decisions.TransactionEvent(Registered(), Event(TransactionEventEnumType.Updated, 3, Start, 2000), "Accepted", Now);

        facts.OfType<TransactionStarted>().Single().MeterStartWh.ShouldBe(2000m);
    }

    [Fact]
    public void GivenOpenTransaction_WhenEndedBelowMeterStart_ThenFlagged()
    {
        var state = Apply(Registered(), Ocpp201Decisions.TransactionEvent(Registered(), Started(5000), "Accepted", Now));

        var facts = Ocpp201Decisions.TransactionEvent(state, Event(TransactionEventEnumType.Ended, 1, Start.AddMinutes(5), 10), "Accepted", Now);

        facts.OfType<TransactionStopped>().Single().MeterWentBackwards.ShouldBeTrue();
    }

    [Fact]
    public void GivenOfflineQueue_WhenReplayedWithOfflineTrue_ThenTheSessionHasTheChargersTimes()
    {
        ChargePoint state = Registered();
        var replay = new[]
        {
            Started() with { Offline = true },
            Event(TransactionEventEnumType.Updated, 1, Start.AddMinutes(10), 3000, offline: true),
            Event(TransactionEventEnumType.Ended, 2, Start.AddMinutes(20), 4500, ChargingStateEnumType.Idle, offline: true),
        };
        var all = new List<object>();
        foreach (var request in replay)
        {
            var facts = Ocpp201Decisions.TransactionEvent(state, request, "Accepted", Now);
            all.AddRange(facts);
            state = Apply(state, facts);
        }

        var started = all.OfType<TransactionStarted>().Single();
        started.Offline.ShouldBeTrue();
        started.ReportedAt.ShouldBe(Instant.FromDateTimeOffset(Start));
        var stopped = all.OfType<TransactionStopped>().Single();
        stopped.ReportedAt.ShouldBe(Instant.FromDateTimeOffset(Start.AddMinutes(20)));
        stopped.ReceivedAt.ShouldBe(Now);
        (stopped.MeterStopWh - started.MeterStartWh).ShouldBe(3500m);
        state.OpenTransactions.ShouldBeEmpty();
    }

    [Fact]
    public void GivenNoAuthorizationToken_WhenStarted_ThenItCountsAsNoToken()
    {
        var request = Started() with { IdToken = new IdTokenType("", IdTokenEnumType.NoAuthorization) };

        Ocpp201Decisions.TransactionEvent(Registered(), request, "Accepted", Now).OfType<TransactionBegan>().ShouldHaveSingleItem();
    }

    [Fact]
    public void GivenStatusNotification_WhenOccupied_ThenReportedAsIsOnTheMappedConnector()
    {
        var status = Ocpp201Decisions.Status(Registered(), new StatusNotificationRequest(Start, ConnectorStatusEnumType.Occupied, 1, 1), Now);

        status.Status.ShouldBe("Occupied");
        status.Connector.ShouldBe(Mapping);
        status.ReportedAt.ShouldBe(Instant.FromDateTimeOffset(Start));
    }
}

public class Ocpp201StatusNotificationDuringTransactionTests
{
    [Fact]
    public void GivenChargingTransaction_WhenStatusNotificationSaysOccupied_ThenTheNextUnchangedChargingStateIsNotReportedAgain()
    {
        var now = NodaTime.Instant.FromUtc(2026, 11, 24, 10, 0);
        var start = new DateTimeOffset(2026, 11, 24, 9, 58, 0, TimeSpan.Zero);
        var state = ChargePoint.Fold(new ChargePoint { Id = "CS1" }, new ChargePointRegistered("CS1", "hash", [new ConnectorMapping(1, 1, "LOC1", "LOC1-E1", "1")], now));
        TransactionEventRequest Event(TransactionEventEnumType type, int seqNo) => new(type, start.AddMinutes(seqNo), TriggerReasonEnumType.MeterValuePeriodic, seqNo,
            new TransactionType("tx", ChargingStateEnumType.Charging), [new MeterValueType([new SampledValueType(1000 + seqNo)], start.AddMinutes(seqNo))],
            Evse: new EVSEType(1, 1), IdToken: new IdTokenType("TAG", IdTokenEnumType.ISO14443));
        state = Ocpp201Decisions.TransactionEvent(state, Event(TransactionEventEnumType.Started, 0), "Accepted", now).Aggregate(state, ChargePoint.Fold);
        state = ChargePoint.Fold(state, Ocpp201Decisions.Status(state, new StatusNotificationRequest(start, ConnectorStatusEnumType.Occupied, 1, 1), now));

        Ocpp201Decisions.TransactionEvent(state, Event(TransactionEventEnumType.Updated, 1), "Accepted", now).OfType<ConnectorStatusReported>().ShouldBeEmpty();
    }
}

public class MeterValuesSampledReadingTests
{
    [Fact]
    public void GivenPeriodicAndEndReadingAtTheSameTime_WhenTheLastReadingIsTaken_ThenTheTransactionEndOne()
    {
        var at = NodaTime.Instant.FromUtc(2026, 11, 24, 10, 0);
        var sampled = new MeterValuesSampled("CS1", "tx", 1, 1,
        [
            new Roaming.Ingest.Transactions.SampledValue(at, "Energy.Active.Import.Register", null, "Transaction.End", null, 5000, "Wh", null),
            new Roaming.Ingest.Transactions.SampledValue(at, "Energy.Active.Import.Register", null, "Sample.Periodic", null, 4990, "Wh", null),
            new Roaming.Ingest.Transactions.SampledValue(at, "Energy.Active.Import.Register", "L1", "Transaction.End", null, 1700, "Wh", null),
        ], at, 3);

        sampled.LastEnergyRegisterWh.ShouldBe(5000m);
    }
}
