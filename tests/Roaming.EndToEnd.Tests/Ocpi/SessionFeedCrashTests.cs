using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Roaming.Charging;
using Roaming.Charging.Sessions;
using Roaming.Contracts.Ingest.V1;
using Roaming.Platform.Hosting;
using Roaming.Platform.Messaging;
using Roaming.Testing;
using Shouldly;

namespace Roaming.EndToEnd.Tests.Ocpi;

/// <summary>
/// OCPI's session feed applies Charging's session starts and progress updates a whole outbox page per commit
/// (<c>ChargingSessionFeed</c>): a kill -9 of the real host while it works through them must neither lose nor repeat
/// an update, and every session must end at its last reading (order kept per session).
/// </summary>
public class SessionFeedCrashTests
{
    private const int Sessions = 60;
    private const int Readings = 100;
    private const int Messages = Sessions * (1 + Readings); // each reading is priced and published (interval 0)
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 20, 10, 0);

    private const string Inbox =
        "select count(*) from ocpi.mt_doc_handledmessage where data ->> 'consumer' in ('OnChargingSessionStarted', 'OnChargingSessionProgressed')";

    [Fact]
    public async Task kill_9_mid_batch_loses_and_repeats_no_session_update()
    {
        var database = await TestServers.FreshDatabase("roaming_e2e_session_feed_crash");
        // Charging's own recorder writes the sessions before any host runs, so the whole backlog is published in pages.
        await SeedCharging(database);

        await using (var first = await RoamingProcess.StartOn(database, new Dictionary<string, string>()))
        {
            await first.WaitForCount(Inbox, 1, TimeSpan.FromSeconds(120));
            first.KillHard();
            (await first.Count(Inbox)).ShouldBeLessThan(Messages, "the kill should land before the feed is done");
        }

        await using var second = await RoamingProcess.StartOn(database, new Dictionary<string, string>());
        await second.WaitForCount(Inbox, Messages, TimeSpan.FromSeconds(180));

        (await second.Count(Inbox)).ShouldBe(Messages);
        // Every message stored its session exactly once (the event carries the message id as causation).
        (await second.Count("select count(*) from ocpi.mt_events where type = 'ocpi_object_stored' and stream_id like 'SESSIONS/%'"))
            .ShouldBe(Messages, second.Output);
        (await second.Count("select count(distinct causation_id) from ocpi.mt_events where type = 'ocpi_object_stored' and stream_id like 'SESSIONS/%'"))
            .ShouldBe(Messages);
        // Applied in order: each ACTIVE session shows its last reading, (1,000 + 100 × 100 − 1,000) Wh.
        (await second.Count("select count(*) from ocpi.mt_doc_ocpiobject where data ->> 'module' = 'sessions' " +
                            "and ((data ->> 'json')::jsonb ->> 'status') = 'ACTIVE' and ((data ->> 'json')::jsonb ->> 'kwh')::numeric = 10"))
            .ShouldBe(Sessions, second.Output);
    }

    private static async Task SeedCharging(string database)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Roaming:RunDaemon"] = "false";
        builder.Configuration["Roaming:Charging:SessionProgressInterval"] = "00:00:00";
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new RoamingOptions { Postgres = database, Party = "NL*TNM" }));
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
        new ChargingModule().AddServices(builder);
        using var host = builder.Build();
        await host.StartAsync();
        var recorder = host.Services.GetRequiredService<ChargingTransactionRecorder>();
        var messages = new List<object>();
        for (var s = 0; s < Sessions; s++)
            messages.Add(new ChargingTransactionStarted($"CP-{s}", "1", "1.6", 1, 1, new ConnectorReference("LOC1", "LOC1-E1", "1"), "TOKEN-1",
                1000m, Start, Start, false, "Accepted"));
        for (var reading = 1; reading <= Readings; reading++)
        {
            var at = Start + Duration.FromSeconds(10 * reading);
            for (var s = 0; s < Sessions; s++)
                messages.Add(new MeterValuesReported($"CP-{s}", "1",
                    [new MeterSample(at, "Energy.Active.Import.Register", null, "Sample.Periodic", "Outlet", 1000m + 100m * reading, "Wh", null)], at));
        }
        foreach (var chunk in messages.Chunk(1000))
            await recorder.Consume(chunk.Select(m => new IntegrationMessage(m, Guid.CreateVersion7(), null)).ToList(), CancellationToken.None);
        await host.StopAsync();
    }
}
