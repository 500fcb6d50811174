using FsCheck;
using FsCheck.Xunit;
using NodaTime;
using Roaming.Charging.Cdrs.Attention;
using Roaming.Charging.Cdrs.Attention.Completing;
using Roaming.Charging.Cdrs.Attention.Discarding;
using Roaming.Charging.Cdrs.Attention.Recording;
using Roaming.Charging.Cdrs.Attention.Scanning;
using Roaming.Charging.Cdrs.Issuing;
using Roaming.Charging.Locations;
using Roaming.Charging.Sessions;
using Roaming.Charging.Tariffs;
using Roaming.Contracts.Ingest.V1;
using Roaming.Contracts.Network.V1;
using Roaming.Protocols.Ocpi.Tariffs;
using Shouldly;

namespace Roaming.Charging.Tests.Cdrs.Attention;

/// <summary>The pure decisions behind CDRs needing attention: when a transaction becomes one, and when an operator may complete or discard it.</summary>
public class CdrAttentionDecisionTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 12, 7, 10, 0);
    private static readonly Instant End = Start + Duration.FromHours(1);

    private static readonly Tariff Tariff = new()
    {
        CountryCode = "NL", PartyId = "TNM", Id = "T1", Currency = "EUR", LastUpdated = Start,
        Elements = [new TariffElement { PriceComponents = [new PriceComponent { Type = TariffDimensionType.Energy, Price = 0.30m, Vat = 21m, StepSize = 1 }] }],
    };

    private static readonly LocationSnapshot Location = new("NL*TNM*LOC1", new LocationChanged(
        "NL", "TNM", "LOC1", "Garage", "Street 1", "Amsterdam", "1012AB", null, "NLD", "52.1", "4.9", "Europe/Amsterdam",
        [new EvseSnapshot("E1", "NL*TNM*E1", "AVAILABLE", [new ConnectorSnapshot("1", "IEC_62196_T2", "SOCKET", "AC_3_PHASE", 230, 32, null, ["T1"])])],
        Start));

    private static readonly TariffHistory History = new("NL*TNM*T1", [new TariffVersion(1, Tariff, Start - Duration.FromDays(1))], null);

    private static ChargingSession Ended(string location = "LOC1", string evse = "E1", string connector = "1", decimal meterStartWh = 1000m,
        decimal meterStopWh = 11000m)
    {
        var started = new SessionStarted("S1", "NL", "TNM", "CP1", "TX1", location, evse, connector, "TAG", "Accepted", meterStartWh, Start, Start);
        return ChargingSession.Fold(ChargingSession.Begin(started), new SessionEnded("S1", meterStopWh, End, End, "Local", false, false));
    }

    private static CdrInputs Inputs(ChargingSession session, bool tariff = true) =>
        new(session, tariff ? History.Versions[0] : null, tariff ? History.Id : null, Location, null, "EUR");

    private static ChargingTransactionStarted Started(ConnectorReference? connector) =>
        new("CP1", "TX1", "1.6", 1, 2, connector, "TAG", 1000m, Start, Start + Duration.FromSeconds(1), false, "Accepted");

    private static ChargingTransactionStopped Stopped(decimal meterStopWh = 11000m) =>
        new("CP1", "TX1", meterStopWh, "Local", "TAG", End, End + Duration.FromSeconds(2), false, false);

    public static TheoryData<string, string, string, bool, UnpricedCdrs, string?> StoppedSessions => new()
    {
        // case, location id, connector, tariff at the connector, policy, reason (null: the CDR is issued)
        { "complete", "LOC1", "1", true, UnpricedCdrs.NeedsAttention, null },
        { "location not known to Charging", "LOC-X", "1", true, UnpricedCdrs.Issue, AttentionReasons.LocationUnknown },
        { "connector not in the location", "LOC1", "9", true, UnpricedCdrs.Issue, AttentionReasons.ConnectorUnknown },
        { "no tariff, issued unpriced", "LOC1", "1", false, UnpricedCdrs.Issue, null },
        { "no tariff, held", "LOC1", "1", false, UnpricedCdrs.NeedsAttention, AttentionReasons.TariffMissing },
        { "no energy reading at all", "LOC1", "1", true, UnpricedCdrs.Issue, AttentionReasons.MeterValuesMissing },
    };

    [Theory]
    [MemberData(nameof(StoppedSessions))]
    public void a_stopped_session_needs_attention_exactly_when_its_cdr_would_be_incomplete(string @case, string location, string connector, bool tariff,
        UnpricedCdrs policy, string? reason)
    {
        var session = @case == "no energy reading at all" ? Ended(location, connector: connector, meterStartWh: 0m, meterStopWh: 0m)
            : Ended(location, connector: connector);
        var inputs = location == "LOC1" ? Inputs(session, tariff) : null;
        TransactionsNeedingAttention.WhyIncomplete(session, inputs, policy)?.Reason.ShouldBe(reason, @case);
        if (reason is null)
            TransactionsNeedingAttention.WhyIncomplete(session, inputs, policy).ShouldBeNull(@case);
    }

    [Fact]
    public void a_session_item_keeps_every_fact_the_session_knows()
    {
        var needs = TransactionsNeedingAttention.ForSession(Ended("LOC-X"), (AttentionReasons.LocationUnknown, "why"), End);
        needs.AttentionId.ShouldBe(CdrAttentionItem.IdFor("S1"));
        needs.Facts.ShouldBe(new AttentionFacts("CP1", "TX1", "S1", null, null, "LOC-X", "E1", "1", "TAG", "Accepted", null, null, 1000m, Start, Start,
            11000m, End, End, "Local"));
    }

    [Fact]
    public void an_unmapped_transaction_opens_one_item_that_follows_its_meter_values_and_its_first_stop()
    {
        TransactionsNeedingAttention.OnStarted(null, Started(new ConnectorReference("LOC1", "E1", "1")), Start).ShouldBeNull("a mapped connector opens a session");
        var needs = TransactionsNeedingAttention.OnStarted(null, Started(null), Start).ShouldNotBeNull();
        needs.Reason.ShouldBe(AttentionReasons.ConnectorNotMapped);
        needs.Text.ShouldContain("OCPP connector 2 (EVSE 1) of CP1");
        needs.Facts.ShouldBe(new AttentionFacts("CP1", "TX1", null, 1, 2, null, null, null, "TAG", "Accepted", null, null, 1000m, Start,
            Start + Duration.FromSeconds(1), null, null, null, null));
        var item = CdrAttentionItem.Begin(needs);
        TransactionsNeedingAttention.OnStarted(item, Started(null), Start).ShouldBeNull("a replayed start opens nothing more");

        var samples = TransactionsNeedingAttention.OnMeterValues(item, new MeterValuesReported("CP1", "TX1",
            [new MeterSample(Start + Duration.FromMinutes(30), "Energy.Active.Import.Register", null, "Sample.Periodic", null, 6000m, "Wh", null)], Start)).ShouldNotBeNull();
        item = CdrAttentionItem.Fold(item, samples);
        item.Samples.Count.ShouldBe(1);

        var stopped = TransactionsNeedingAttention.OnStopped(item, Stopped()).ShouldNotBeNull();
        item = CdrAttentionItem.Fold(item, stopped);
        (item.Stopped, item.Facts.MeterStopWh, item.Facts.StoppedAt, item.Facts.StopReceivedAt).ShouldBe((true, 11000m, End, End + Duration.FromSeconds(2)));
        TransactionsNeedingAttention.OnStopped(item, Stopped(12000m)).ShouldBeNull("a repeated stop changes nothing");
        TransactionsNeedingAttention.OnMeterValues(item, new MeterValuesReported("CP1", "TX1", [], End)).ShouldBeNull("after the stop");
        TransactionsNeedingAttention.OnStopped(CdrAttentionItem.Begin(needs), Stopped(500m))!.MeterWentBackwards.ShouldBeTrue();
    }

    private static CdrAttentionItem UnmappedItem(bool stopped = true)
    {
        var item = CdrAttentionItem.Begin(TransactionsNeedingAttention.OnStarted(null, Started(null), Start)!);
        return stopped ? CdrAttentionItem.Fold(item, TransactionsNeedingAttention.OnStopped(item, Stopped())!) : item;
    }

    private static CdrAttentionItem SessionItem(string reason = AttentionReasons.LocationUnknown) =>
        CdrAttentionItem.Begin(TransactionsNeedingAttention.ForSession(Ended("LOC-X"), (reason, "why"), End));

    public static TheoryData<string, CdrAttentionItem, CompleteCdrAttentionRequest, string?, string[]> Completions => new()
    {
        // case, item, request, conflict, fields named
        { "unmapped, all given", UnmappedItem(), new("LOC1", "E1", "1", null), null, [] },
        { "unmapped, nothing given", UnmappedItem(), new(null, null, null, null), null, ["location_id", "evse_uid", "connector_id"] },
        { "unmapped, blanks are not given", UnmappedItem(), new(" ", "E1", "1", null), null, ["location_id"] },
        { "unmapped, not stopped", UnmappedItem(stopped: false), new("LOC1", "E1", "1", null), "has not stopped", [] },
        { "session, retried as reported", SessionItem(), new(null, null, null, null), null, [] },
        { "id too long", SessionItem(), new(new string('L', 37), null, null, null), null, ["location_id"] },
        { "tariff too long", SessionItem(), new(null, null, null, new string('T', 37)), null, ["tariff_id"] },
        { "no meter values, none given", SessionItem(AttentionReasons.MeterValuesMissing), new(null, null, null, null), null, ["meter_stop_wh"] },
        { "no meter values, stop given", SessionItem(AttentionReasons.MeterValuesMissing), new(null, null, null, null, null, 5000m), null, [] },
        { "negative readings", SessionItem(), new(null, null, null, null, -1m, -1m), null, ["meter_start_wh", "meter_stop_wh"] },
        { "stop below the reported start", SessionItem(), new(null, null, null, null, null, 500m), null, ["meter_stop_wh"] },
        { "stop below the given start", SessionItem(), new(null, null, null, null, 9000m, 8000m), null, ["meter_stop_wh"] },
        { "completed", CdrAttentionItem.Fold(SessionItem(), new CdrAttentionCompleted("A", "LOC1", "E1", "1", null, "CDR", "operator", End)),
            new("LOC1", "E1", "1", null), "already completed", [] },
        { "discarded", CdrAttentionItem.Fold(SessionItem(), new CdrAttentionDiscarded("A", "test", "operator", End)),
            new("LOC1", "E1", "1", null), "already discarded", [] },
    };

    [Theory]
    [MemberData(nameof(Completions))]
    public void completing_needs_an_open_stopped_item_and_a_whole_connector(string @case, CdrAttentionItem item, CompleteCdrAttentionRequest request,
        string? conflict, string[] fields)
    {
        var (completion, refused, errors) = CompleteCdrAttention.Decide(item, request);
        if (conflict is not null)
            refused.ShouldNotBeNull(@case).ShouldContain(conflict);
        else
            refused.ShouldBeNull(@case);
        errors.ToDictionary().Keys.ShouldBe(fields, ignoreOrder: true, customMessage: @case);
        (completion is not null).ShouldBe(conflict is null && fields.Length == 0, @case);
    }

    [Fact]
    public void a_completion_keeps_the_reported_connector_unless_the_operator_names_another()
    {
        CompleteCdrAttention.Decide(SessionItem(), new(null, "E2", null, "T9")).Completion.ShouldBe(new AttentionCompletion("LOC-X", "E2", "1", "T9"));
    }

    public static TheoryData<string, string, string, string?, bool, bool, UnpricedCdrs, string?> Resolutions => new()
    {
        // case, evse, connector, tariff named, location known, connector has a tariff, policy, field at fault
        { "the connector's tariff", "E1", "1", null, true, true, UnpricedCdrs.NeedsAttention, null },
        { "a named tariff", "E1", "1", "T1", true, false, UnpricedCdrs.NeedsAttention, null },
        { "location unknown", "E1", "1", null, false, true, UnpricedCdrs.Issue, "location_id" },
        { "no such EVSE", "E9", "1", null, true, true, UnpricedCdrs.Issue, "evse_uid" },
        { "no such connector", "E1", "9", null, true, true, UnpricedCdrs.Issue, "connector_id" },
        { "unknown tariff", "E1", "1", "T9", true, true, UnpricedCdrs.Issue, "tariff_id" },
        { "no tariff, issued unpriced", "E1", "1", null, true, false, UnpricedCdrs.Issue, null },
        { "no tariff, one is needed", "E1", "1", null, true, false, UnpricedCdrs.NeedsAttention, "tariff_id" },
    };

    [Theory]
    [MemberData(nameof(Resolutions))]
    public void the_cdr_is_issued_with_a_known_connector_and_a_tariff_valid_at_the_start(string @case, string evse, string connector, string? tariffId,
        bool locationKnown, bool connectorTariff, UnpricedCdrs policy, string? field)
    {
        var session = Ended(evse: evse, connector: connector);
        var loaded = locationKnown ? Inputs(session, connectorTariff) : null;
        var named = tariffId == "T1" ? History : null;
        var (inputs, errors) = CompleteCdrAttention.Resolve(new AttentionCompletion("LOC1", evse, connector, tariffId), loaded, named, policy);
        if (field is null)
        {
            errors.IsValid.ShouldBeTrue(@case);
            inputs.ShouldNotBeNull(@case);
            if (tariffId is not null)
                (inputs.TariffKey, inputs.Tariff!.Version).ShouldBe(("NL*TNM*T1", 1), @case);
        }
        else
        {
            inputs.ShouldBeNull(@case);
            errors.ToDictionary().Keys.ShouldBe([field], @case);
        }
    }

    [Fact]
    public void an_unmapped_transaction_becomes_the_session_it_would_have_been()
    {
        var item = CdrAttentionItem.Fold(UnmappedItem(stopped: false), new AttentionSamplesRecorded("A",
            [new MeterSampleRecorded(Start + Duration.FromMinutes(30), "Energy.Active.Import.Register", null, "Sample.Periodic", 6000m, "Wh", null)], Start));
        item = CdrAttentionItem.Fold(item, TransactionsNeedingAttention.OnStopped(item, Stopped())!);
        var (session, events, newStream) = CompleteCdrAttention.SessionOf(item, new AttentionCompletion("LOC1", "E1", "1", null), null, "NL*TNM", End);
        newStream.ShouldBeTrue();
        events.Select(e => e.GetType()).ShouldBe([typeof(SessionStarted), typeof(MeterSamplesRecorded), typeof(SessionEnded)]);
        session.Id.ShouldBe(ChargingSession.IdFor("CP1", "TX1"));
        (session.Started.CountryCode, session.Started.PartyId, session.Started.LocationId, session.Started.EvseUid, session.Started.ConnectorId)
            .ShouldBe(("NL", "TNM", "LOC1", "E1", "1"));
        (session.Started.MeterStartWh, session.Started.StartedAt, session.Ended!.MeterStopWh, session.Ended.EndedAt).ShouldBe((1000m, Start, 11000m, End));
        session.Samples.Count.ShouldBe(1);
        session.EnergyKwh.ShouldBe(10m);
        // Priced like any session: 10 kWh at 0.30.
        CdrIssuer.Issue(Inputs(session), End).Cdr.TotalCost.ExclVat.ShouldBe(3.00m);
    }

    [Fact]
    public void what_the_operator_corrects_is_recorded_on_the_session_and_nothing_when_nothing_changes()
    {
        var recorded = Ended("LOC-X", meterStartWh: 0m, meterStopWh: 0m);
        var item = CdrAttentionItem.Begin(TransactionsNeedingAttention.ForSession(recorded, (AttentionReasons.LocationUnknown, "why"), End));
        var (session, events, newStream) = CompleteCdrAttention.SessionOf(item, new AttentionCompletion("LOC1", "E1", "1", null, null, 4000m), recorded,
            "NL*TNM", End);
        newStream.ShouldBeFalse();
        events.ShouldBe([new SessionCorrected("S1", "LOC1", "E1", "1", 0m, 4000m, End)]);
        (session.Started.LocationId, session.EnergyKwh, session.Ended!.MeterWentBackwards).ShouldBe(("LOC1", 4m, false));
        CompleteCdrAttention.SessionOf(item, new AttentionCompletion("LOC-X", "E1", "1", null), recorded, "NL*TNM", End).Events.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("issued", true, false, true, null)]
    [InlineData("already held", false, true, true, null)]
    [InlineData("still running", false, false, true, null)]
    [InlineData("location now known", false, false, true, AttentionReasons.CdrMissing)]
    [InlineData("location still unknown", false, false, false, AttentionReasons.LocationUnknown)]
    public void the_scan_holds_an_ended_session_only_without_a_cdr_or_an_item(string @case, bool hasCdr, bool hasItem, bool locationKnown, string? reason)
    {
        var session = Ended();
        if (@case == "still running")
            session = session with { Ended = null };
        var needs = ScanEndedSessions.Decide(session, hasCdr, hasItem, locationKnown ? Inputs(session) : null, UnpricedCdrs.Issue, End);
        needs?.Reason.ShouldBe(reason, @case);
        (needs is null).ShouldBe(reason is null, @case);
    }

    public static TheoryData<string, CdrAttentionItem, string?, string?, string[]> Discards => new()
    {
        { "with a reason", SessionItem(), "a test charge", null, [] },
        { "without a reason", SessionItem(), null, null, ["reason"] },
        { "blank reason", SessionItem(), "  ", null, ["reason"] },
        { "reason too long", SessionItem(), new string('r', 256), null, ["reason"] },
        { "completed", CdrAttentionItem.Fold(SessionItem(), new CdrAttentionCompleted("A", "L", "E", "1", null, "CDR", "operator", End)), "late", "already completed", [] },
    };

    [Theory]
    [MemberData(nameof(Discards))]
    public void discarding_needs_an_open_item_and_a_reason(string @case, CdrAttentionItem item, string? reason, string? conflict, string[] fields)
    {
        var (discarded, refused, errors) = DiscardCdrAttention.Decide(item, new DiscardCdrAttentionRequest(reason), "alice", End);
        if (conflict is not null)
            refused.ShouldNotBeNull(@case).ShouldContain(conflict);
        else
            refused.ShouldBeNull(@case);
        errors.ToDictionary().Keys.ShouldBe(fields, ignoreOrder: true, customMessage: @case);
        if (conflict is null && fields.Length == 0)
            discarded.ShouldBe(new CdrAttentionDiscarded(item.Id, reason!, "alice", End), @case);
    }

    /// <summary>Whatever operators try, in whatever order: an item closes once, and what closed it stays.</summary>
    [Property(MaxTest = 300)]
    public bool an_item_is_closed_at_most_once_and_stays_as_first_closed(bool[] completeOrDiscard)
    {
        var item = SessionItem();
        var closings = 0;
        string? firstState = null;
        foreach (var complete in completeOrDiscard)
        {
            object? closing = complete
                ? CompleteCdrAttention.Decide(item, new(null, null, null, null)).Completion is { } c
                    ? new CdrAttentionCompleted(item.Id, c.LocationId, c.EvseUid, c.ConnectorId, c.TariffId, "CDR", "operator", End) : null
                : DiscardCdrAttention.Decide(item, new("duplicate"), "operator", End).Discarded;
            if (closing is null)
                continue;
            closings++;
            item = CdrAttentionItem.Fold(item, closing);
            firstState ??= item.State;
        }
        return closings <= 1 && item.State == (firstState ?? AttentionStates.Open)
            && (completeOrDiscard.Length == 0 || closings == 1);
    }
}
