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

        await using (var first = await CrashHost.Start(database, prefix, transport, batch))
        {
            using var http = new HttpClient();
            (await http.PostAsync($"{first.Url}/append?count={Events}", null)).EnsureSuccessStatusCode();
            // Consumers take ~15 ms per message: most effects are still pending when the process dies.
            (await CountEffects(database, prefix)).ShouldBeLessThan(Events, "the kill should land before the consumers are done");
            first.KillHard();
        }
        (await CountWork(database, prefix)).ShouldBe(Events);

        await using var second = await CrashHost.Start(database, prefix, transport, batch);
        var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(90));
        while (await CountEffects(database, prefix) < Events && DateTime.UtcNow < deadline)
            await Task.Delay(250);

        (await CountEffects(database, prefix)).ShouldBe(Events, second.Output);
        (await CountDistinctEffects(database, prefix)).ShouldBe(Events);
    }

    private static Task<long> CountWork(string database, string prefix) =>
        SqlScalar.Read(database, $"select count(*) from {prefix}crash.mt_events where type = 'work_requested'");

    private static Task<long> CountEffects(string database, string prefix) =>
        SqlScalar.Read(database, $"select count(*) from {prefix}crash.mt_events where type = 'effect_applied'");

    private static Task<long> CountDistinctEffects(string database, string prefix) =>
        SqlScalar.Read(database, $"select count(distinct data ->> 'messageId') from {prefix}crash.mt_events where type = 'effect_applied'");
}
