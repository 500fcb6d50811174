using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marten;
using NodaTime;
using Roaming.Contracts.Charging.V1;
using Roaming.Ocpi.Pushing;
using Roaming.Ocpi.Tests.Platforms;
using Roaming.Platform.Marten;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Ocpi.Tests.Pushing;

/// <summary>
/// Our CPO platform (NL*CPO) pushes sessions and CDRs to a hand-written eMSP on loopback that is unavailable (503), then
/// down (connection refused), then back; that refuses with 400; that stays down past the give-up ceiling. Retry intervals
/// are milliseconds here (<c>Roaming:Ocpi:Delivery*</c>); every wait is for a positive signal.
/// </summary>
public class PushRetryTests : IAsyncLifetime
{
    internal static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 10, 0);
    private FlakyPartner _partner = null!;
    private OcpiPlatform? _cpo;
    private string _partnerId = "";

    public async Task InitializeAsync() => _partner = await FlakyPartner.Start();

    public async Task DisposeAsync()
    {
        if (_cpo is not null)
            await _cpo.DisposeAsync();
        await _partner.DisposeAsync();
    }

    private async Task<OcpiPlatform> StartCpo(string database, string giveUpAfter, params string[] settings)
    {
        _cpo = await OcpiPlatform.Start(database, "NL*CPO", ["--Roaming:Ocpi:DeliveryFirstRetryAfter=00:00:00.050",
            "--Roaming:Ocpi:DeliveryMaxRetryInterval=00:00:00.300", $"--Roaming:Ocpi:DeliveryGiveUpAfter={giveUpAfter}", .. settings]);
        _partnerId = await Register(_cpo, _partner);
        return _cpo;
    }

    internal static async Task<string> Register(OcpiPlatform cpo, FlakyPartner partner)
    {
        var registered = await cpo.Api.PostAsJsonAsync("/api/partners/register",
            new { versions_url = partner.VersionsUrl, token_a = FlakyPartner.TokenA, name = "Flaky eMSP" });
        var text = await registered.Content.ReadAsStringAsync();
        registered.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task a_partner_unavailable_then_down_across_our_restart_then_back_gets_every_push_once_and_in_order()
    {
        var cpo = await StartCpo("roaming_ocpi_push_flaky", "00:10:00");
        _partner.Answer = (_, _) => (503, FlakyPartner.Envelope(3000, "maintenance"));
        // A session started (PUT), progressed (PATCH) and completed (PATCH) with its CDR (POST), and a second CDR (PUT, POST).
        await StartSession(cpo, "S-1");
        await cpo.Bus.Publish(new ChargingSessionProgressed("S-1", "NL", "CPO", 2.5m, "EUR", 1.25m, 1.51m, "[]", Now + Duration.FromMinutes(10)),
            Guid.NewGuid(), null, CancellationToken.None);
        await IssueCdr(cpo, "CDR-1", "S-1", 9.5m);
        await IssueCdr(cpo, "CDR-2", "S-2", 3m);
        await Eventually(() => Summary(cpo), s => s["counts"]!["retrying"]!.GetValue<int>() >= 1, "a 503 makes a delivery retrying");
        var planned = await Deliveries(cpo, null);
        planned.Count.ShouldBe(6, planned.ToJsonString());
        planned.Select(d => d!["method"]!.GetValue<string>()).Order().ToList().ShouldBe(["PATCH", "PATCH", "POST", "POST", "PUT", "PUT"], customMessage: planned.ToJsonString());

        await _partner.GoDown();
        await Eventually(() => Deliveries(cpo, DeliveryStatus.Retrying),
            list => list.Any(d => d!["last_answer"]!.GetValue<string>().StartsWith("no answer")), "connection refused is recorded and retried");
        // A restart (the documents are the queue): whatever was owed is owed by the new process.
        cpo = _cpo = await cpo.Restart();
        await Eventually(() => Summary(cpo), s => s["oldest_queued_at"] is not null && s["next_attempt_at"] is not null, "the queue after the restart");

        _partner.Answer = (_, _) => FlakyPartner.Accepted();
        await _partner.ComeBack();
        var delivered = await Eventually(() => Deliveries(cpo, DeliveryStatus.Delivered), list => list.Count == 6, "everything delivered");
        delivered.ShouldAllBe(d => d!["last_answer"]!.GetValue<string>().StartsWith("HTTP 200 status_code 1000"));
        (await Summary(cpo))["counts"]!.AsObject().ToDictionary(c => c.Key, c => c.Value!.GetValue<int>())
            .ShouldBe(new Dictionary<string, int> { ["queued"] = 0, ["retrying"] = 0, ["delivered"] = 6, ["rejected"] = 0, ["expired"] = 0 });

        var taken = _partner.Taken.ToList();
        var keys = taken.Select(Key).ToList();
        taken.Count.ShouldBe(6, "each request taken once");
        keys.Order().ShouldBe(["PATCH sessions/NL/CPO/S-1", "PATCH sessions/NL/CPO/S-1", "POST cdrs/CDR-1", "POST cdrs/CDR-2",
            "PUT sessions/NL/CPO/S-1", "PUT sessions/NL/CPO/S-2"]);
        // One object's requests in the order they were planned: the PUT, the progress, the completion.
        var s1 = taken.Where(t => t.Path.EndsWith("/S-1")).ToList();
        s1.Select(t => t.Method).ShouldBe(["PUT", "PATCH", "PATCH"]);
        JsonNode.Parse(s1[1].Body)!["kwh"]!.GetValue<decimal>().ShouldBe(2.5m);
        JsonNode.Parse(s1[2].Body)!["status"]!.GetValue<string>().ShouldBe("COMPLETED");
    }

    [Fact]
    public async Task a_push_refused_with_400_is_rejected_at_once_with_the_partners_message_and_arrives_when_resent()
    {
        var cpo = await StartCpo("roaming_ocpi_push_refused", "00:10:00");
        _partner.Answer = (request, _) => request.Method == "POST" ? (400, FlakyPartner.Envelope(2001, "cdr_token.uid unknown here")) : FlakyPartner.Accepted();
        await IssueCdr(cpo, "CDR-R", "S-R", 4m);
        var rejected = (await Eventually(() => Deliveries(cpo, DeliveryStatus.Rejected), list => list.Count == 1, "the CDR POST rejected")).Single()!;
        rejected["attempts"]!.GetValue<int>().ShouldBe(1);
        rejected["last_answer"]!.GetValue<string>().ShouldBe("HTTP 400 status_code 2001 cdr_token.uid unknown here");
        (await Eventually(() => Deliveries(cpo, DeliveryStatus.Delivered), list => list.Count == 1, "the session PUT")).Single()!["method"]!
            .GetValue<string>().ShouldBe("PUT");
        _partner.Calls.ShouldBe(2);

        // Bad resends change nothing.
        var id = rejected["id"]!.GetValue<string>();
        var unknown = await cpo.Api.PostAsync($"/api/partners/{_partnerId}/deliveries/{Uri.EscapeDataString(_partnerId + "/nope")}/resend", null);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var deliveredId = (await Deliveries(cpo, DeliveryStatus.Delivered)).Single()!["id"]!.GetValue<string>();
        var notFinal = await cpo.Api.PostAsync($"/api/partners/{_partnerId}/deliveries/{Uri.EscapeDataString(deliveredId)}/resend", null);
        notFinal.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await notFinal.Content.ReadAsStringAsync()).ShouldContain("is delivered");

        _partner.Answer = (_, _) => FlakyPartner.Accepted();
        var resent = await cpo.Api.PostAsync($"/api/partners/{_partnerId}/deliveries/{Uri.EscapeDataString(id)}/resend", null);
        var resentText = await resent.Content.ReadAsStringAsync();
        resent.StatusCode.ShouldBe(HttpStatusCode.OK, resentText);
        JsonNode.Parse(resentText)!["requeued_by"]!.GetValue<string>().ShouldBe("operator");
        await Eventually(() => Deliveries(cpo, DeliveryStatus.Delivered), list => list.Count == 2, "the resent CDR delivered");
        _partner.Taken.Count(t => t.Method == "POST").ShouldBe(1);

        await using var query = cpo.Store.QuerySession();
        var events = await query.Events.FetchStreamAsync(DeliveryRequeued.StreamOf(id));
        var requeued = events.ShouldHaveSingleItem();
        ((DeliveryRequeued)requeued.Data).PreviousStatus.ShouldBe(DeliveryStatus.Rejected);
        requeued.Headers![EventContext.ActorHeader]!.ToString().ShouldBe("operator");
        // The re-queue stream is nobody's aggregate: no partner or object was made of it.
        (await cpo.OnlyPartner()).Id.ShouldBe(_partnerId);
        (await query.Query<Roaming.Ocpi.Objects.OcpiObject>().CountAsync(o => o.Id.StartsWith("deliveries/"))).ShouldBe(0);
    }

    [Fact]
    public async Task a_push_still_not_taken_at_the_ceiling_is_kept_expired_and_arrives_after_a_resend_of_all_expired()
    {
        var cpo = await StartCpo("roaming_ocpi_push_expired", "00:00:01");
        await _partner.GoDown();
        await IssueCdr(cpo, "CDR-E", "S-E", 5m);
        var expired = await Eventually(() => Deliveries(cpo, DeliveryStatus.Expired), list => list.Count == 2, "both pushes expired");
        expired.ShouldAllBe(d => d!["last_answer"]!.GetValue<string>().Contains("no answer") && d["finished_at"] != null);
        var summary = await Summary(cpo);
        summary["counts"]!["expired"]!.GetValue<int>().ShouldBe(2);
        summary["oldest_queued_at"].ShouldBeNull();

        var badState = await cpo.Api.PostAsJsonAsync($"/api/partners/{_partnerId}/deliveries/resend", new { state = "delivered" });
        badState.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badState.Content.ReadAsStringAsync()).ShouldContain("state");
        (await cpo.Api.GetAsync($"/api/partners/{_partnerId}/deliveries?state=pending")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await _partner.ComeBack();
        var resent = await cpo.Api.PostAsJsonAsync($"/api/partners/{_partnerId}/deliveries/resend", new { state = "expired" });
        (await resent.Content.ReadFromJsonAsync<JsonObject>())!["resent"]!.GetValue<int>().ShouldBe(2);
        await Eventually(() => Deliveries(cpo, DeliveryStatus.Delivered), list => list.Count == 2, "the resent pushes delivered");
        // Two objects: each arrives once (their order among each other is not promised, only within one object).
        _partner.Taken.Select(Key).Order().ShouldBe(["POST cdrs/CDR-E", "PUT sessions/NL/CPO/S-E"]);
    }

    [Fact]
    public async Task a_partner_that_hangs_does_not_hold_up_the_pushes_to_another()
    {
        var cpo = await StartCpo("roaming_ocpi_push_hanging", "00:10:00", "--Roaming:Ocpi:RequestTimeout=00:00:10");
        await using var other = await FlakyPartner.Start("MS2");
        var otherId = await Register(cpo, other);
        _partner.Stall = TimeSpan.FromSeconds(30);
        await IssueCdr(cpo, "CDR-HANG", "S-HANG", 5m);
        await Eventually(() => Task.FromResult(_partner.Calls), calls => calls >= 1, "the hanging partner is being called");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await IssueCdr(cpo, "CDR-OTHER", "S-OTHER", 6m, emspPartyId: "MS2");
        await Eventually(() => Task.FromResult(other.Taken.Count), count => count == 2, "the other partner's pushes");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "delivered while the first partner's call still hangs");
        (await Deliveries(cpo, DeliveryStatus.Delivered)).ShouldBeEmpty();
        (await cpo.Api.GetFromJsonAsync<JsonArray>($"/api/partners/{otherId}/deliveries?state=delivered"))!.Count.ShouldBe(2);
        _partner.Stall = TimeSpan.Zero;
    }

    private static string Key(TakenRequest taken) => taken.Method == "POST"
        ? $"POST cdrs/{JsonNode.Parse(taken.Body)!["id"]!.GetValue<string>()}"
        : $"{taken.Method} {taken.Path["/ocpi/2.2.1/emsp/".Length..]}";

    /// <summary>The eMSP pushes its token (as an eMSP does), then a session of it starts at our charger.</summary>
    private Task StartSession(OcpiPlatform cpo, string sessionId) => StartSession(cpo, _partner, sessionId);

    internal static async Task StartSession(OcpiPlatform cpo, FlakyPartner partner, string sessionId)
    {
        using var emsp = cpo.Ocpi(partner.OurToken!);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/ocpi/2.2.1/cpo/tokens/NL/MSP/TOK-1")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["country_code"] = "NL", ["party_id"] = "MSP", ["uid"] = "TOK-1", ["type"] = "RFID", ["contract_id"] = "NL-MSP-TOK1", ["issuer"] = "MSP",
                ["valid"] = true, ["whitelist"] = "ALLOWED", ["last_updated"] = "2026-11-24T09:00:00Z",
            }),
        };
        foreach (var (name, value) in new[] { ("OCPI-from-country-code", "NL"), ("OCPI-from-party-id", "MSP"), ("OCPI-to-country-code", "NL"), ("OCPI-to-party-id", "CPO") })
            request.Headers.Add(name, value);
        var pushed = await emsp.SendAsync(request);
        pushed.StatusCode.ShouldBe(HttpStatusCode.Created, await pushed.Content.ReadAsStringAsync());
        await cpo.Bus.Publish(new ChargingSessionStarted(sessionId, "NL", "CPO", "CP-1", "1", "LOC1", "E1", "1", "TOK-1", Now, 1000m),
            Guid.NewGuid(), null, CancellationToken.None);
    }

    internal static async Task IssueCdr(OcpiPlatform cpo, string cdrId, string sessionId, decimal totalExclVat, string emspPartyId = "MSP")
    {
        var cdr = JsonNode.Parse(SpecExamples.ReadElement("cdr_example.json").GetRawText())!.AsObject();
        cdr["country_code"] = "NL";
        cdr["party_id"] = "CPO";
        cdr["id"] = cdrId;
        cdr["session_id"] = sessionId;
        cdr["cdr_token"]!["country_code"] = "NL";
        cdr["cdr_token"]!["party_id"] = emspPartyId;
        cdr["total_cost"] = new JsonObject { ["excl_vat"] = totalExclVat, ["incl_vat"] = totalExclVat * 1.21m };
        await cpo.Bus.Publish(new CdrIssued(cdrId, sessionId, "NL", "CPO", "EUR", 7.5m, totalExclVat, totalExclVat * 1.21m, Now, Now + Duration.FromMinutes(40),
            cdr.ToJsonString()), Guid.NewGuid(), null, CancellationToken.None);
    }

    private async Task<JsonArray> Deliveries(OcpiPlatform cpo, string? state) =>
        (await cpo.Api.GetFromJsonAsync<JsonArray>($"/api/partners/{_partnerId}/deliveries{(state is null ? "" : $"?state={state}")}"))!;

    private async Task<JsonObject> Summary(OcpiPlatform cpo) =>
        (await cpo.Api.GetFromJsonAsync<JsonObject>($"/api/partners/{_partnerId}/deliveries/summary"))!;

    private async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> condition, string what)
    {
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await read();
            if (condition(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new ShouldAssertException($"{what}: not reached in 20 s; deliveries: " +
                    await _cpo!.Api.GetStringAsync($"/api/partners/{_partnerId}/deliveries"));
            await Task.Delay(50);
        }
    }
}
