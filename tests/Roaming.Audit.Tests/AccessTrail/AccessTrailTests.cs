using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Roaming.Audit.Checkpoints;
using Roaming.Audit.Keys;
using Roaming.Audit.Verification;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Audit.Tests.AccessTrail;

/// <summary>The HTTP side of audit: the access trail, on-demand checkpoints, the witness file and the published keys.</summary>
public class AccessTrailTests
{
    private static readonly Task<string> Database = TestServers.FreshDatabase("roaming_audit_http");

    [Fact]
    public async Task every_operator_call_is_recorded_with_caller_and_status_and_the_trail_is_sealed_and_signed()
    {
        var witness = Path.Combine(Directory.CreateTempSubdirectory("roaming-witness").FullName, "witness.ndjson");
        await using var app = await AuditedApp.Start(await Database, witnessFile: witness);
        using var http = new HttpClient { BaseAddress = new Uri(app.Url) };

        (await http.PostAsync("/api/ledger/acct-x?amount=5", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AuditedApp.AdminKey);
        (await http.PostAsync("/api/ledger/acct-x?amount=5", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await http.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await AuditedApp.WaitUntilSealed(app.ConnectionString, app.AuditSchema, 2);
        await app.WaitUntilSealed(1);
        var signed = await http.PostAsync("/api/audit/checkpoints", null);
        signed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var checkpoints = JsonSerializer.Deserialize<CheckpointSigned[]>(await signed.Content.ReadAsStringAsync(), AuditJson.Options)!;
        checkpoints.Select(c => c.Service).ShouldBe(["audit", "ledger"], ignoreOrder: true);

        var trail = (await AuditedApp.Events(app.ConnectionString, app.AuditSchema)).Where(e => e.Type == "api_call_recorded").ToArray();
        trail.Length.ShouldBe(3, "two ledger calls and the checkpoint call; health checks are not operator calls");
        trail[0].Data.ShouldContain("\"actor\": \"anonymous\"");
        trail[0].Data.ShouldContain("\"status\": 401");
        trail[1].Data.ShouldContain("\"actor\": \"operator\"");
        trail[1].Data.ShouldContain("\"status\": 202");
        trail[1].Data.ShouldContain("\"path\": \"/api/ledger/acct-x\"");

        var keys = JsonSerializer.Deserialize<PublishedKeys>(await http.GetStringAsync("/audit/keys"), AuditJson.Options)!;
        keys.Keys.ShouldHaveSingleItem().KeyId.ShouldBe(checkpoints[0].KeyId);
        checkpoints.ShouldAllBe(c => c.SignatureProblem(keys.ToKeys()) == null, "the API answer carries the exact signed instant");

        var witnessed = (await File.ReadAllLinesAsync(witness)).Select(l => JsonSerializer.Deserialize<CheckpointSigned>(l, AuditJson.Options)!).ToArray();
        witnessed.ShouldBe(checkpoints, ignoreOrder: true);

        var report = await OnlineVerification.Run(app.ConnectionString, app.AuditSchema, "audit", app.AuditSchema, keys.ToKeys(), null, CancellationToken.None);
        report.Findings.ShouldBeEmpty();
        report.CheckpointsVerified.ShouldBe(1);
    }

    [Fact]
    public async Task concurrent_calls_share_commits_and_every_answered_call_is_in_the_trail()
    {
        await using var app = await AuditedApp.Start(await Database);
        using var http = new HttpClient { BaseAddress = new Uri(app.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AuditedApp.AdminKey);

        const int calls = 200;
        var answers = await Task.WhenAll(Enumerable.Range(0, calls).Select(i => http.PostAsync($"/api/ledger/acct-c{i}?amount=1", null)));
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Accepted);

        // Answered means committed: no waiting for a flush before counting.
        var schema = app.AuditSchema;
        (await app.Scalar($"select count(*) from {schema}.mt_events where type = 'api_call_recorded'")).ShouldBe(calls);
        var commits = await app.Scalar($"select count(distinct timestamp) from {schema}.mt_events where type = 'api_call_recorded'");
        commits.ShouldBeLessThan(calls / 2, "concurrent calls are recorded in shared commits (one transaction timestamp each)");
        (await app.Scalar($"select count(*) from {schema}.mt_events where type = 'api_call_recorded' and headers->>'actor' = 'operator'")).ShouldBe(calls);
    }

    [Fact]
    public async Task a_call_whose_trail_record_cannot_be_committed_is_not_answered_as_a_success()
    {
        await using var app = await AuditedApp.Start(await Database);
        using var http = new HttpClient { BaseAddress = new Uri(app.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AuditedApp.AdminKey);
        (await http.PostAsync("/api/ledger/acct-f?amount=1", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        // The trail's table refuses new records (as a full disk, a lost privilege or a broken schema would); nothing else changes.
        var schema = app.AuditSchema;
        await app.Sql($"alter table {schema}.mt_events add constraint trail_refused check (type <> 'api_call_recorded') not valid");
        var refused = await http.PostAsync("/api/ledger/acct-f?amount=2", null);

        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await refused.Content.ReadAsStringAsync());
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(503);
        problem.GetProperty("title").GetString()!.ShouldContain("access trail");
        (await app.Scalar($"select count(*) from {schema}.mt_events where type = 'api_call_recorded'")).ShouldBe(1, "only the first call was recorded");

        await app.Sql($"alter table {schema}.mt_events drop constraint trail_refused");
        (await http.PostAsync("/api/ledger/acct-f?amount=3", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted, "answers resume with the trail");
        (await app.Scalar($"select count(*) from {schema}.mt_events where type = 'api_call_recorded'")).ShouldBe(2);
    }
}
