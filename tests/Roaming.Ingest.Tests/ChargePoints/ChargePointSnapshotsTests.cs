using NodaTime;
using Roaming.Ingest.ChargePoints;
using Roaming.Ingest.Transactions;
using Shouldly;

namespace Roaming.Ingest.Tests.ChargePoints;

/// <summary>When a connection stores the charger's snapshot with an exchange's facts.</summary>
public class ChargePointSnapshotsTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 11, 24, 10, 0);
    private static readonly object Reading = new MeterValuesSampled("CP1", "1", 1, 1, [], At, SeqNo: null);
    private static readonly object Started = new TransactionStarted("CP1", "1", "1.6", 1, 1, null, "TAG", 1000m, "Accepted", At, At, false, "key", null);
    private static readonly object Stopped = new TransactionStopped("CP1", "1", 2000m, null, "TAG", At, At, false, false, false);
    private static readonly object Status = new ConnectorStatusReported("CP1", 1, 1, null, "Charging", null, "1", At, At, SeqNo: 4);

    public static TheoryData<string, object[], int, bool> Cases() => new()
    {
        { "no facts (heartbeat, bad frame)", [], 0, false },
        { "no facts, long behind", [], ChargePointSnapshots.MaxFactsBehind, false },
        { "a reading, just stored", [Reading], 0, false },
        { "a reading, one short of the bound", [Reading], ChargePointSnapshots.MaxFactsBehind - 2, false },
        { "a reading reaching the bound", [Reading], ChargePointSnapshots.MaxFactsBehind - 1, true },
        { "a new connection's first reading", [Reading], ChargePointSnapshots.MaxFactsBehind, true },
        { "a start", [Started], 0, true },
        { "a stop", [Stopped], 0, true },
        { "a reading with a stop", [Reading, Stopped], 0, true },
        { "a charging state with a reading (2.0.1 Updated)", [Reading, Status], 0, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GivenFactsAndHowFarBehind_WhenDeciding_ThenTheSnapshotIsStoredOnlyForDecisionStateOrAtTheBound(
        string exchange, object[] facts, int factsBehind, bool stored) =>
        ChargePointSnapshots.ShouldStore(facts, factsBehind).ShouldBe(stored, exchange);
}
