using Npgsql;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Platform.Tests.Messaging;

/// <summary>
/// The event store is the outbox: a kill -9 of the process after events were committed but before their consumers
/// ran must neither lose nor duplicate the consumers' effect, with the embedded mediator and with RabbitMQ.
/// </summary>
public class OutboxCrashTests
{
    private const int Events = 150;

    [Theory]
    [InlineData("inmemory", false)]
    [InlineData("rabbitmq", false)]
    [InlineData("inmemory", true)]
    public async Task kill_9_between_append_and_consumers_loses_and_duplicates_nothing(string transport, bool batch)
    {
        var database = await TestServers.FreshDatabase($"roaming_outbox_{transport}{(batch ? "_batch" : "")}");
        var prefix = $"t{Guid.NewGuid():N}"[..10] + "_";

        await using (var first = StartHost(database, prefix, transport, batch, out var firstUrl))
        {
            await WaitUntilReady(firstUrl, first);
            using var http = new HttpClient();
            (await http.PostAsync($"{firstUrl}/append?count={Events}", null)).EnsureSuccessStatusCode();
            // Consumers take ~15 ms per message: most effects are still pending when the process dies.
            (await CountEffects(database, prefix)).ShouldBeLessThan(Events, "the kill should land before the consumers are done");
            first.KillHard();
        }
        (await CountWork(database, prefix)).ShouldBe(Events);

        await using var second = StartHost(database, prefix, transport, batch, out var secondUrl);
        await WaitUntilReady(secondUrl, second);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await CountEffects(database, prefix) < Events && DateTime.UtcNow < deadline)
            await Task.Delay(250);

        (await CountEffects(database, prefix)).ShouldBe(Events, second.Output);
        (await CountDistinctEffects(database, prefix)).ShouldBe(Events);
    }

    /// <param name="batch">The outbox hands each page to a batch consumer (one commit per page): the kill lands mid-batch.</param>
    private static ChildProcess StartHost(string database, string prefix, string transport, bool batch, out string url)
    {
        url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        var dll = Path.Combine(TestServers.RepositoryRoot, "tests", "Roaming.Platform.CrashHost", "bin", configuration, "net10.0",
            "Roaming.Platform.CrashHost.dll");
        return ChildProcess.Start("dotnet", [dll, database, prefix, transport, TestServers.RabbitMq, url, batch ? "batch" : "single"]);
    }

    private static async Task WaitUntilReady(string url, ChildProcess process)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException("host exited: " + process.Output);
            try
            {
                if ((await http.GetAsync($"{url}/health/ready")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("host not ready: " + process.Output);
    }

    private static Task<long> CountWork(string database, string prefix) =>
        Scalar(database, $"select count(*) from {prefix}crash.mt_events where type = 'work_requested'");

    private static Task<long> CountEffects(string database, string prefix) =>
        Scalar(database, $"select count(*) from {prefix}crash.mt_events where type = 'effect_applied'");

    private static Task<long> CountDistinctEffects(string database, string prefix) =>
        Scalar(database, $"select count(distinct data ->> 'messageId') from {prefix}crash.mt_events where type = 'effect_applied'");

    private static async Task<long> Scalar(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }
}
