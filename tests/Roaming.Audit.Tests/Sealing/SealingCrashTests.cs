using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roaming.Audit.SealingHost;
using Roaming.Audit.Verification;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Audit.Tests.Sealing;

/// <summary>kill -9 of the process while it seals: the restarted sealer resumes with no gap and no double leaf.</summary>
public class SealingCrashTests
{
    private const int Events = 60_000;

    [Fact]
    public async Task kill_9_during_sealing_resumes_without_gaps_or_double_leaves()
    {
        var database = await TestServers.FreshDatabase("roaming_audit_crash");
        var roaming = new RoamingOptions { Postgres = database, SchemaPrefix = $"t{Guid.NewGuid():N}"[..9] + "_" };
        var schema = ServiceStores.SchemaName(roaming, LedgerModule.ServiceName);
        await AppendWithoutSealing(roaming);

        await using (var first = StartHost(roaming))
        {
            var deadline = Patience.DeadlineAfter(TimeSpan.FromSeconds(90));
            while (await AuditedApp.SealedCount(database, schema) < 1_000 && DateTime.UtcNow < deadline && !first.HasExited)
                await Task.Delay(10);
            first.KillHard();
            var sealedAtKill = await AuditedApp.SealedCount(database, schema);
            sealedAtKill.ShouldBeGreaterThan(0, first.Output);
            sealedAtKill.ShouldBeLessThan(Events, "the kill should land while sealing is under way");
        }

        await using var second = StartHost(roaming);
        await AuditedApp.WaitUntilSealed(database, schema, Events, TimeSpan.FromSeconds(120));
        // A double leaf would be a duplicate key error in the sealer, or an extra row. Positive signal that the sealer has
        // processed every event there is (nothing left that could add one): its stored progress is at the last event.
        var lastSequence = await SqlScalar.Read(database, $"select max(seq_id) from {schema}.mt_events");
        var sealedBy = Patience.DeadlineAfter(TimeSpan.FromSeconds(60));
        while (await AuditedApp.SealingProgress(database, schema) < lastSequence && DateTime.UtcNow < sealedBy)
            await Task.Delay(50);
        (await AuditedApp.SealingProgress(database, schema)).ShouldBe(lastSequence, second.Output);

        var leaves = await AuditedApp.Leaves(database, schema);
        var events = await AuditedApp.Events(database, schema);
        leaves.Count.ShouldBe(Events, second.Output);
        leaves.Select(l => l.Index).ShouldBe(Enumerable.Range(0, Events).Select(i => (long)i));
        leaves.Select(l => l.Sequence).ShouldBe(events.Select(e => e.Sequence));
        second.Output.ShouldNotContain("duplicate key");

        var report = await OnlineVerification.Run(database, ServiceStores.SchemaName(roaming, AuditModule.ServiceName), LedgerModule.ServiceName, schema,
            [], null, CancellationToken.None);
        report.Findings.ShouldBeEmpty();
        report.EventsChecked.ShouldBe(Events);
    }

    /// <summary>The events are written first, by a process without the daemon, so the sealer has a backlog to chew on when it is killed.</summary>
    private static async Task AppendWithoutSealing(RoamingOptions roaming)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Roaming:RunDaemon"] = "false";
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(roaming));
        new LedgerModule().AddServices(builder);
        using var host = builder.Build();
        await host.StartAsync();
        var store = host.Services.GetRequiredService<ILedgerStore>();
        for (var batch = 0; batch < Events / 2_000; batch++)
        {
            await using var session = store.LightweightSession();
            for (var i = 0; i < 2_000; i++)
            {
                var number = batch * 2_000 + i;
                session.Events.Append($"acct-{number % 97}", new EntryPosted($"acct-{number % 97}", number, $"entry {number}"));
            }
            await session.SaveChangesAsync();
        }
        await host.StopAsync();
    }

    private static ChildProcess StartHost(RoamingOptions roaming)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        var dll = Path.Combine(TestServers.RepositoryRoot, "tests", "Roaming.Audit.SealingHost", "bin", configuration, "net10.0", "Roaming.Audit.SealingHost.dll");
        return ChildProcess.Start("dotnet", [dll, roaming.Postgres, roaming.SchemaPrefix, $"http://127.0.0.1:{TestServers.FreeTcpPort()}"]);
    }
}
