using NodaTime;
using Roaming.Ochp.Client;
using Roaming.Ochp.Client.Cdrs;
using Roaming.Ochp.Client.ChargePoints;
using Roaming.Protocols.Ochp;
using Shouldly;

namespace Roaming.Ochp.Tests.Client.Cpo;

public sealed class UploadDecisionTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 15, 12, 0);
    private static readonly OchpClientOptions Options = new() { RetryFirstDelay = TimeSpan.FromSeconds(30), RetryMaxDelay = TimeSpan.FromMinutes(10) };

    private static OutboundCdr Queued(string id, int attempts = 0) =>
        new() { Id = $"ochp-client-cdr:{id}", SourceCdrId = id, OchpCdrId = $"DEABC{id}", State = OutboundCdrState.Queued, Attempts = attempts };

    private static AddCdrsResponse Answer(ResultCode code, params string[] implausible) =>
        new() { Result = Result.Of(code, code == ResultCode.Ok ? null : "because"), ImplausibleCdrsArray = implausible.ToList() };

    private static IEnumerable<string> Outcomes(CdrUploadDecision.Verdict verdict) => verdict.Events.Select(e => $"{e.Stream[16..]}:{e.Event.GetType().Name}");

    [Fact]
    public void Ok_accepts_every_cdr() =>
        Outcomes(CdrUploadDecision.Decide([Queued("A"), Queued("B")], Answer(ResultCode.Ok), null, Now, Options))
            .ShouldBe(["A:OutboundCdrAccepted", "B:OutboundCdrAccepted"]);

    [Fact]
    public void Partly_marks_the_listed_cdrs_implausible_and_accepts_the_others() =>
        Outcomes(CdrUploadDecision.Decide([Queued("A"), Queued("B")], Answer(ResultCode.Partly, "deabcb"), null, Now, Options))
            .ShouldBe(["A:OutboundCdrAccepted", "B:OutboundCdrImplausible"]);

    [Theory]
    [InlineData(ResultCode.Server)]
    [InlineData(ResultCode.NotAuthorized)]
    [InlineData(ResultCode.Roaming)]
    public void An_answer_that_took_nothing_is_retried_later(ResultCode code)
    {
        var verdict = CdrUploadDecision.Decide([Queued("A", attempts: 2)], Answer(code), null, Now, Options);
        var failed = verdict.Events.Single().Event.ShouldBeOfType<OutboundCdrUploadFailed>();
        failed.Attempt.ShouldBe(3);
        failed.NextAttemptAt.ShouldBe(Now + Duration.FromMinutes(2));
        failed.Reason.ShouldContain("because");
    }

    [Fact]
    public void A_transport_failure_is_retried_later() =>
        CdrUploadDecision.Decide([Queued("A")], null, "Unreachable: connection refused", Now, Options).Events.Single().Event
            .ShouldBeOfType<OutboundCdrUploadFailed>().NextAttemptAt.ShouldBe(Now + Duration.FromSeconds(30));

    [Fact]
    public void Format_refuses_a_lone_cdr_and_splits_a_batch()
    {
        CdrUploadDecision.Decide([Queued("A")], Answer(ResultCode.Format), null, Now, Options).Events.Single().Event.ShouldBeOfType<OutboundCdrRefused>();
        var batch = CdrUploadDecision.Decide([Queued("A"), Queued("B")], Answer(ResultCode.InvalidId), null, Now, Options);
        batch.SplitBatch.ShouldBeTrue();
        batch.Events.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(5, 480)]
    [InlineData(6, 600)]
    [InlineData(60, 600)]
    public void Backoff_doubles_up_to_the_cap(int attempt, int seconds) =>
        CdrUploadDecision.Backoff(attempt, Options).ShouldBe(Duration.FromSeconds(seconds));

    [Fact]
    public void Charge_points_refused_in_a_partly_answer_are_recorded_refused_the_others_sent()
    {
        OwnChargePoint Point(string evse) => new()
            { Id = $"ochp-client-chargepoint:{evse}", EvseId = evse, LocationKey = "L", ChargePointXml = "<x/>", Version = 2, Pending = true };
        var events = ChargePointUploadDecision.Decide([Point("DE*ABC*E1"), Point("DE*ABC*E2")], fullList: true, Result.Of(ResultCode.Partly, "1 refused"),
            [new ChargePointInfo { EvseId = "DEABCE2" }], Now);
        events.Select(e => e.Event.GetType().Name).ShouldBe(["OwnChargePointSent", "OwnChargePointRefused"]);
        ChargePointUploadDecision.Decide([Point("DE*ABC*E1")], fullList: false, Result.Of(ResultCode.Server), [], Now).ShouldBeEmpty();
    }
}
