using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Npgsql;
using Roaming.Charging.Sessions;
using Roaming.Contracts.Ingest.V1;
using Roaming.Platform.Hosting;
using Roaming.Platform.Messaging;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Charging.Tests.Sessions;

/// <summary>
/// The batch path on real PostgreSQL: interleaved sessions handled in one commit end exactly as handled one message at
/// a time, and the same batch delivered again (a page re-published after a crash) changes nothing.
/// </summary>
public class ChargingTransactionRecorderTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 20, 10, 0);

    [Fact]
    public async Task one_batch_has_exactly_the_effect_of_its_messages_one_by_one_and_a_redelivery_none()
    {
        var database = await TestServers.FreshDatabase("roaming_charging_recorder");
        using var batched = await StartCharging(database, "batched_");
        using var single = await StartCharging(database, "single_");
        var messages = Messages();

        await batched.Services.GetRequiredService<ChargingTransactionRecorder>().Consume(messages, CancellationToken.None);
        foreach (var message in messages)
            await single.Services.GetRequiredService<ChargingTransactionRecorder>().Consume([message], CancellationToken.None);

        var expected = new SortedDictionary<string, long>
        {
            ["session_started"] = 3,
            ["connector_status_recorded"] = 3,          // the status without a transaction is not a session's
            ["meter_samples_recorded"] = 21,             // 7 per session; the unknown transaction's are evidence only
            ["session_progressed"] = 6,                  // readings at 10 s and 70 s of each: 60 s apart, the 5 between only recorded
            ["session_ended"] = 2,                       // A and B stop; B's repeated stop ends nothing
            ["cdr_needs_attention"] = 2,                 // Charging knows no LOC1: A's and B's CDRs wait for an operator
        };
        (await EventCounts(database, "batched_")).ShouldBe(expected);
        (await EventCounts(database, "single_")).ShouldBe(expected);

        await using (var query = batched.Services.GetRequiredService<IChargingStore>().QuerySession())
        {
            var stored = (await query.Query<ChargingSession>().ToListAsync()).OrderBy(s => s.Started.TransactionId).ToList();
            stored.ShouldAllBe(s => s.Samples.Count == 0); // the samples stay in the stream
            var sessions = await SessionSamples.Complete(query, stored, CancellationToken.None);
            sessions.Select(s => (s.Started.TransactionId, s.Samples.Count, s.Status, s.EnergyKwh, s.ProgressedAt)).ShouldBe(
            [
                ("A", 14, SessionStatus.Completed, 7.5m, Start + Duration.FromSeconds(70)),
                ("B", 14, SessionStatus.Completed, 7.5m, Start + Duration.FromSeconds(70)),
                ("C", 14, SessionStatus.Active, 7m, Start + Duration.FromSeconds(70)),
            ]);
        }

        await batched.Services.GetRequiredService<ChargingTransactionRecorder>().Consume(messages, CancellationToken.None);
        (await EventCounts(database, "batched_")).ShouldBe(expected);
    }

    private static List<IntegrationMessage> Messages()
    {
        var messages = new List<object>();
        string[] transactions = ["A", "B", "C"];
        foreach (var tx in transactions)
            messages.Add(new ChargingTransactionStarted($"CP-{tx}", tx, "1.6", 1, 1, new ConnectorReference("LOC1", "LOC1-E1", "1"), "TOKEN-1",
                1000m, Start, Start, false, "Accepted"));
        foreach (var tx in transactions)
            messages.Add(new ConnectorStatusChanged($"CP-{tx}", 1, 1, new ConnectorReference("LOC1", "LOC1-E1", "1"), "Charging", tx, Start, Start));
        messages.Add(new ConnectorStatusChanged("CP-A", 1, 2, null, "Available", null, Start, Start));
        for (var round = 1; round <= 7; round++)
        {
            var at = Start + Duration.FromSeconds(10 * round);
            foreach (var tx in transactions)
                messages.Add(new MeterValuesReported($"CP-{tx}", tx,
                [
                    new MeterSample(at, "Energy.Active.Import.Register", null, "Sample.Periodic", "Outlet", 1000m + 1000m * round, "Wh", null),
                    new MeterSample(at, "Power.Active.Import", null, "Sample.Periodic", "Outlet", 11000m, "W", null),
                ], at));
            messages.Add(new MeterValuesReported("CP-X", "UNKNOWN", [new MeterSample(at, "Energy.Active.Import.Register", null, "Sample.Periodic", null, 5m, "Wh", null)], at));
        }
        var end = Start + Duration.FromSeconds(80);
        messages.Add(new ChargingTransactionStopped("CP-A", "A", 8500m, "Local", "TOKEN-1", end, end, false, false));
        messages.Add(new ChargingTransactionStopped("CP-B", "B", 8500m, "Local", "TOKEN-1", end, end, false, false));
        messages.Add(new ChargingTransactionStopped("CP-B", "B", 9000m, "Local", "TOKEN-1", end, end, false, false));
        return messages.Select(m => new IntegrationMessage(m, Guid.CreateVersion7(), null)).ToList();
    }

    private static async Task<IHost> StartCharging(string database, string prefix)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Roaming:RunDaemon"] = "false";
        builder.Configuration["Roaming:Charging:SessionProgressInterval"] = "00:01:00";
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new RoamingOptions { Postgres = database, SchemaPrefix = prefix }));
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
        new ChargingModule().AddServices(builder);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<SortedDictionary<string, long>> EventCounts(string database, string prefix)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select type, count(*) from {prefix}charging.mt_events group by type", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new SortedDictionary<string, long>();
        while (await reader.ReadAsync())
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }
}
