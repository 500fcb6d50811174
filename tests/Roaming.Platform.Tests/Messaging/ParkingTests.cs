using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Platform.Tests.Messaging;

/// <summary>
/// A message a consumer keeps failing on is parked for that consumer on the embedded bus: the outbox goes on, other
/// consumers and other messages are not held up, later messages of its stream wait behind it, it survives kill -9, and
/// operators list, replay and discard it through the authenticated operator API.
/// </summary>
public class ParkingTests
{
    private const string AdminKey = "parking-tests-admin-key";
    private const string RetriesMs = "10,10"; // three attempts
    private const string WorkToDo = "Roaming.Platform.CrashHost.Contracts.WorkToDo";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task a_poisoned_message_parks_for_its_consumer_alone_survives_kill_9_and_a_replay_after_the_fix_applies_it_once(bool batch)
    {
        var database = await TestServers.FreshDatabase($"roaming_parking{(batch ? "_batch" : "")}");
        var prefix = $"t{Guid.NewGuid():N}"[..10] + "_";
        var consumer = batch ? "Roaming.Platform.CrashHost.WorkBatchConsumer" : "Roaming.Platform.CrashHost.WorkConsumer";
        using var http = Operator();
        Guid poisoned;

        await using (var first = await CrashHost.Start(database, prefix, "inmemory", batch, (AdminKey, RetriesMs)))
        {
            (await http.PostAsync($"{first.Url}/poison?number=4", null)).EnsureSuccessStatusCode();
            // Streams work-0..2 round robin: 4 is on work-1 with 1, 7 and 10, so 7 and 10 park behind it.
            (await http.PostAsync($"{first.Url}/append?count=12&streams=3", null)).EnsureSuccessStatusCode();
            // The positive signal first: on the embedded bus every consumer of a page has run (applied, or parked) before the
            // outbox stores its checkpoint past the page, so once it is past the last work nothing more is coming for it.
            (await WaitFor(() => OutboxCheckpointPassedAllWork(database, prefix), 1))
                .ShouldBe(1, $"the outbox moves on past the parked message\n{first.Output}");
            (await ParkedRows(database, prefix)).ShouldBe(3, first.Output);
            (await Seen(database, prefix)).ShouldBe(12, "another consumer of the same messages is not held up");
            (await WaitFor(() => Effects(database, prefix), 9)).ShouldBe(9);
            (await AppliedNumbers(database, prefix)).ShouldBe([0, 1, 2, 3, 5, 6, 8, 9, 11], ignoreOrder: true);

            using (var anonymous = new HttpClient())
                (await anonymous.GetAsync($"{first.Url}/api/parked-messages")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

            var parked = await List(http, first.Url, "");
            parked.Count.ShouldBe(3);
            var bad = parked.Single(p => Number(p) == 4);
            poisoned = Guid.Parse((string)bad["id"]!);
            ((string)bad["consumer"]!).ShouldBe(consumer);
            ((string)bad["message_type"]!).ShouldBe(WorkToDo);
            ((string)bad["status"]!).ShouldBe("parked");
            ((int)bad["attempts"]!).ShouldBe(3);
            ((string)bad["error"]!).ShouldBe("System.InvalidOperationException: work 4 is poisoned");
            ((string)bad["ordering_key"]!).ShouldEndWith("/work-1");
            bad["parked_behind"].ShouldBeNull();
            ((string)bad["first_failed_at"]!).ShouldNotBeNullOrEmpty();
            foreach (var behind in parked.Where(p => p != bad))
            {
                ((string)behind["parked_behind"]!).ShouldBe(poisoned.ToString());
                ((int)behind["attempts"]!).ShouldBe(0);
            }
            parked.Select(Number).ShouldBe([4, 7, 10], ignoreOrder: true);
            (await List(http, first.Url, "?consumer=WorkAuditor")).ShouldBeEmpty();
            (await List(http, first.Url, "?type=WorkToDo&limit=2")).Count.ShouldBe(2);

            var health = await Health(first.Url);
            ((string)health["status"]!).ShouldBe("Degraded");
            ((string)health["checks"]!["parked-messages"]!["status"]!).ShouldBe("Degraded");

            var seven = parked.Single(p => Number(p) == 7)["id"]!.ToString();
            (await http.PostAsync($"{first.Url}/api/parked-messages/{seven}/replay", null)).StatusCode
                .ShouldBe(HttpStatusCode.Conflict, "7 must not overtake 4 on its stream");
            first.KillHard();
        }

        // As if the kill had landed during parking: 4, 7 and 10 parked and the other effects committed, but the outbox's
        // checkpoint not yet stored past 4 (Marten stores it only after a page is handled). The restarted outbox delivers
        // 4..11 again; without this it would resume past all the work, and nothing could park twice.
        (await RewindOutboxCheckpointBefore(database, prefix, 4)).ShouldBe(1, "one outbox checkpoint");

        await using var second = await CrashHost.Start(database, prefix, "inmemory", batch, (AdminKey, RetriesMs));
        // Caught up: work 12 (on work-0, which nothing blocks) is appended after the restart, behind everything delivered
        // again; once the checkpoint is past it, every consumer has run for 4..12, so an absence now means something.
        (await http.PostAsync($"{second.Url}/append?count=1&streams=3&first=12", null)).EnsureSuccessStatusCode();
        (await WaitFor(() => OutboxCheckpointPassedAllWork(database, prefix), 1))
            .ShouldBe(1, $"the restarted outbox catches up past work 12\n{second.Output}");
        (await ParkedRows(database, prefix)).ShouldBe(3, "parked exactly once, and kept across kill -9");
        (await List(http, second.Url, "")).Select(Number).ShouldBe([4, 7, 10], ignoreOrder: true);
        ((int)(await Show(http, second.Url, poisoned))["attempts"]!).ShouldBe(3, "delivered again behind its own parked record, not retried");
        (await Seen(database, prefix)).ShouldBe(13, "delivered again, seen once");
        (await AppliedNumbers(database, prefix)).ShouldBe([0, 1, 2, 3, 5, 6, 8, 9, 11, 12], "delivered again, applied once; 12 applied");
        ((string)(await Health(second.Url))["status"]!).ShouldBe("Degraded");

        // Still poisoned: the replay fails, one more attempt is recorded, the message stays parked.
        var failed = await Replay(http, second.Url, poisoned);
        ((string)failed["outcome"]!).ShouldBe("failed");
        ((int)failed["parked_message"]!["attempts"]!).ShouldBe(4);

        (await http.DeleteAsync($"{second.Url}/poison?number=4")).EnsureSuccessStatusCode();
        var all = await http.PostAsync($"{second.Url}/api/parked-messages/replay", null);
        all.StatusCode.ShouldBe(HttpStatusCode.OK);
        var summary = JsonNode.Parse(await all.Content.ReadAsStringAsync())!;
        ((int)summary["resolved"]!).ShouldBe(3, summary.ToJsonString());
        ((int)summary["failed"]!).ShouldBe(0);

        (await AppliedNumbers(database, prefix)).ShouldBe([0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 4, 7, 10], "replayed in their stream's order");
        (await SqlScalar.Read(database, $"select count(distinct data ->> 'messageId') from {prefix}crash.mt_events where type = 'effect_applied'"))
            .ShouldBe(13);
        (await Seen(database, prefix)).ShouldBe(13, "a replay goes to the parked message's consumer only");
        (await List(http, second.Url, "")).ShouldBeEmpty();
        var resolved = await List(http, second.Url, "?status=resolved");
        resolved.Count.ShouldBe(3);
        resolved.ShouldAllBe(r => r["message"] == null, "a resolved record keeps no payload");
        ((string)(await Health(second.Url))["status"]!).ShouldBe("Healthy");
        (await http.PostAsync($"{second.Url}/api/parked-messages/{poisoned}/replay", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task a_parked_message_is_discarded_only_with_a_reason_and_stays_as_an_audit_record()
    {
        var database = await TestServers.FreshDatabase("roaming_parking_discard");
        var prefix = $"t{Guid.NewGuid():N}"[..10] + "_";
        using var http = Operator();
        await using var host = await CrashHost.Start(database, prefix, "inmemory", false, (AdminKey, RetriesMs));
        (await http.PostAsync($"{host.Url}/poison?number=1", null)).EnsureSuccessStatusCode();
        (await http.PostAsync($"{host.Url}/append?count=3&streams=3", null)).EnsureSuccessStatusCode();
        (await WaitFor(() => ParkedRows(database, prefix), 1)).ShouldBe(1, host.Output);
        (await WaitFor(async () => (await AppliedNumbers(database, prefix)).Count, 2)).ShouldBe(2);
        var id = (string)(await List(http, host.Url, ""))[0]["id"]!;

        using (var wrongKey = new HttpClient())
        {
            wrongKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-admin-key");
            (await wrongKey.PostAsJsonAsync($"{host.Url}/api/parked-messages/{id}/discard", new { reason = "r" })).StatusCode
                .ShouldBe(HttpStatusCode.Unauthorized);
            (await wrongKey.PostAsync($"{host.Url}/api/parked-messages/replay", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await wrongKey.GetAsync($"{host.Url}/api/parked-messages/{id}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        (await List(http, host.Url, "")).Count.ShouldBe(1, "refused calls change nothing");

        var noReason = await http.PostAsJsonAsync($"{host.Url}/api/parked-messages/{id}/discard", new { reason = " " });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(await noReason.Content.ReadAsStringAsync())!["errors"]!["reason"].ShouldNotBeNull();
        (await http.GetAsync($"{host.Url}/api/parked-messages?status=lost")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await http.GetAsync($"{host.Url}/api/parked-messages/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var discarded = await http.PostAsJsonAsync($"{host.Url}/api/parked-messages/{id}/discard", new { reason = "work 1 was done by hand" });
        discarded.StatusCode.ShouldBe(HttpStatusCode.OK);
        var record = JsonNode.Parse(await discarded.Content.ReadAsStringAsync())!;
        ((string)record["status"]!).ShouldBe("discarded");
        ((string)record["discard_reason"]!).ShouldBe("work 1 was done by hand");
        record["message"].ShouldBeNull("a discarded record keeps no payload (personal data `audit forget` would not reach)");

        (await List(http, host.Url, "")).ShouldBeEmpty();
        (await List(http, host.Url, "?status=discarded")).Count.ShouldBe(1);
        ((string)(await Health(host.Url))["status"]!).ShouldBe("Healthy");
        (await http.PostAsync($"{host.Url}/api/parked-messages/{id}/replay", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await AppliedNumbers(database, prefix)).ShouldBe([0, 2], ignoreOrder: true);
    }

    private static HttpClient Operator()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return http;
    }

    private static async Task<List<JsonNode>> List(HttpClient http, string url, string query)
    {
        var answer = await http.GetAsync($"{url}/api/parked-messages{query}");
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonNode.Parse(await answer.Content.ReadAsStringAsync())!.AsArray().Select(n => n!).ToList();
    }

    private static async Task<JsonNode> Show(HttpClient http, string url, Guid id) =>
        JsonNode.Parse(await http.GetStringAsync($"{url}/api/parked-messages/{id}"))!;

    private static async Task<JsonNode> Replay(HttpClient http, string url, Guid id)
    {
        var answer = await http.PostAsync($"{url}/api/parked-messages/{id}/replay", null);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
    }

    private static async Task<JsonNode> Health(string url)
    {
        using var http = new HttpClient();
        var answer = await http.GetAsync($"{url}/health/ready");
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, "degraded is still ready");
        return JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
    }

    private static int Number(JsonNode parked) => (int)parked["message"]!["number"]!;

    private static Task<long> ParkedRows(string database, string prefix) =>
        SqlScalar.Read(database, $"select count(*) from {prefix}platform.mt_doc_parkedmessage");

    private static Task<long> Seen(string database, string prefix) =>
        SqlScalar.Read(database, $"select count(*) from {prefix}crash.mt_events where type = 'work_seen'");

    private static Task<long> Effects(string database, string prefix) =>
        SqlScalar.Read(database, $"select count(*) from {prefix}crash.mt_events where type = 'effect_applied'");

    /// <summary>
    /// Sets the outbox's stored checkpoint (the host is down) to just before work <paramref name="number"/>: the state a
    /// kill -9 leaves when it lands after that page's consumers committed and before Marten stored the checkpoint.
    /// </summary>
    private static async Task<int> RewindOutboxCheckpointBefore(string database, string prefix, int number)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"""
            update {prefix}crash.mt_event_progression
            set last_seq_id = (select seq_id - 1 from {prefix}crash.mt_events where type = 'work_requested' and (data ->> 'number')::int = @number)
            where name like 'outbox%'
            """, connection);
        command.Parameters.AddWithValue("number", number);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>1 once the outbox's stored checkpoint is at or past the last work event.</summary>
    private static Task<long> OutboxCheckpointPassedAllWork(string database, string prefix) =>
        SqlScalar.Read(database, $"""
            select count(*) from {prefix}crash.mt_event_progression
            where name like 'outbox%' and last_seq_id >= (select max(seq_id) from {prefix}crash.mt_events where type = 'work_requested')
            """);

    /// <summary>The numbers of the applied effects, in the order they were applied.</summary>
    private static async Task<List<int>> AppliedNumbers(string database, string prefix)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"select (data ->> 'number')::int from {prefix}crash.mt_events where type = 'effect_applied' order by seq_id", connection);
        var numbers = new List<int>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                numbers.Add(reader.GetInt32(0));
        }
        catch (Npgsql.PostgresException exception) when (exception.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
        {
        }
        return numbers;
    }

    private static async Task<long> WaitFor(Func<Task<long>> read, long expected)
    {
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(60));
        long value;
        while ((value = await read()) < expected && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        return value;
    }
}
