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
/// Recording a reading writes the same amount whatever the session's length, on real PostgreSQL: the session document
/// keeps no samples (they stay in the stream), so an 8-hour session costs per reading what its first minute did.
/// </summary>
public class ChargingSessionStorageTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 20, 10, 0);
    private const string Prefix = "storage_";

    [Fact]
    public async Task a_reading_rewrites_a_session_document_of_constant_size_and_appends_one_event()
    {
        var database = await TestServers.FreshDatabase("roaming_charging_storage");
        using var host = await StartCharging(database);
        var recorder = host.Services.GetRequiredService<ChargingTransactionRecorder>();
        await recorder.Consume([Message(new ChargingTransactionStarted("CP-1", "T1", "1.6", 1, 1, new ConnectorReference("LOC1", "LOC1-E1", "1"),
            "TOKEN-1", 100000m, Start, Start, false, "Accepted"))], CancellationToken.None);

        var written = new Dictionary<int, (int DocumentBytes, long Events)>();
        for (var reading = 1; reading <= 400; reading++)
        {
            // One message per commit, as a charger reporting every 10 s would arrive; 4 sampled values each.
            await recorder.Consume([Message(Reading(reading))], CancellationToken.None);
            if (reading is 10 or 400)
                written[reading] = await Written(database);
        }

        // Between reading 10 and reading 400 the stream grew by 390 readings (1,560 samples) and the document not at all:
        // only the last reading (100,300 Wh and 112,000 Wh are the same width) and the progress time change.
        written[400].DocumentBytes.ShouldBeInRange(written[10].DocumentBytes - 8, written[10].DocumentBytes + 8);
        // One MeterSamplesRecorded per reading, plus one SessionProgressed per minute of charger time (first reading, then every 6th).
        (written[400].Events - written[10].Events).ShouldBe(390 + 65);

        await using var query = host.Services.GetRequiredService<IChargingStore>().QuerySession();
        var stored = (await query.LoadAsync<ChargingSession>(ChargingSession.IdFor("CP-1", "T1")))!;
        stored.Samples.ShouldBeEmpty();
        stored.EnergyKwh.ShouldBe(12m); // 30 Wh per reading (10.8 kW) × 400
        var complete = await SessionSamples.Complete(query, stored, CancellationToken.None);
        complete.Samples.Count.ShouldBe(1600);
        complete.Samples.Where(s => s.Measurand == "Energy.Active.Import.Register").Select(s => s.Value)
            .ShouldBe(Enumerable.Range(1, 400).Select(r => (decimal?)(100000m + 30m * r)));
    }

    private static MeterValuesReported Reading(int reading)
    {
        var at = Start + Duration.FromSeconds(10 * reading);
        return new MeterValuesReported("CP-1", "T1",
        [
            new MeterSample(at, "Energy.Active.Import.Register", null, "Sample.Periodic", "Outlet", 100000m + 30m * reading, "Wh", null),
            new MeterSample(at, "Power.Active.Import", null, "Sample.Periodic", "Outlet", 11000m, "W", null),
            new MeterSample(at, "Current.Import", "L1", "Sample.Periodic", "Outlet", 16m, "A", null),
            new MeterSample(at, "Voltage", "L1-N", "Sample.Periodic", "Outlet", 230m, "V", null),
        ], at);
    }

    private static IntegrationMessage Message(object message) => new(message, Guid.CreateVersion7(), null);

    /// <summary>The stored session document's size and the session's event count.</summary>
    private static async Task<(int DocumentBytes, long Events)> Written(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select (select octet_length(data::text) from {Prefix}charging.mt_doc_chargingsession), (select count(*) from {Prefix}charging.mt_events)",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt64(1));
    }

    private static async Task<IHost> StartCharging(string database)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Roaming:RunDaemon"] = "false";
        builder.Configuration["Roaming:Charging:SessionProgressInterval"] = "00:01:00";
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new RoamingOptions { Postgres = database, SchemaPrefix = Prefix }));
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
        new ChargingModule().AddServices(builder);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
