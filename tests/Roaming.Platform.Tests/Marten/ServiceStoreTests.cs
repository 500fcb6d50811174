using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Marten.Events.Aggregation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Testing;
using Shouldly;

namespace Roaming.Platform.Tests.Marten;

public interface IMeterStore : IDocumentStore;

public sealed record MeterRead(string MeterId, decimal Wh);

/// <summary>Inline: read-your-writes.</summary>
public sealed class MeterTotal
{
    public string Id { get; set; } = "";
    public decimal Wh { get; set; }
    public int Readings { get; set; }
}

public sealed class MeterTotalProjection : SingleStreamProjection<MeterTotal, string>
{
    public static MeterTotal Create(MeterRead read) => new() { Id = read.MeterId, Wh = read.Wh, Readings = 1 };

    public static MeterTotal Apply(MeterRead read, MeterTotal total) =>
        new() { Id = total.Id, Wh = total.Wh + read.Wh, Readings = total.Readings + 1 };
}

/// <summary>Async: built by the Solo daemon.</summary>
public sealed class MeterPeak
{
    public string Id { get; set; } = "";
    public decimal MaxWh { get; set; }
}

public sealed class MeterPeakProjection : SingleStreamProjection<MeterPeak, string>
{
    public static MeterPeak Create(MeterRead read) => new() { Id = read.MeterId, MaxWh = read.Wh };

    public static MeterPeak Apply(MeterRead read, MeterPeak peak) => new() { Id = peak.Id, MaxWh = Math.Max(peak.MaxWh, read.Wh) };
}

/// <summary>
/// Marten 9.58.0 restores only through the redirect package in infra/nuget; this proves that what we use of it works:
/// an append, an inline projection and an async projection run by the daemon in Solo mode, in the service's own schema.
/// </summary>
public class ServiceStoreTests
{
    [Fact]
    public async Task append_inline_and_solo_async_projections_work_in_the_services_schema()
    {
        var connection = await TestServers.FreshDatabase("roaming_platform_store");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new RoamingOptions { Postgres = connection }));
        builder.AddServiceStore<IMeterStore>("meters", options =>
        {
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Projections.Add<MeterTotalProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<MeterPeakProjection>(ProjectionLifecycle.Async);
        });
        using var host = builder.Build();
        await host.StartAsync();
        var store = host.Services.GetRequiredService<IMeterStore>();

        await using (var session = store.LightweightSession())
        {
            session.Events.Append("meter-1", new MeterRead("meter-1", 1200m), new MeterRead("meter-1", 800.5m));
            await session.SaveChangesAsync();
        }

        await using (var query = store.QuerySession())
        {
            var total = await query.LoadAsync<MeterTotal>("meter-1");
            total.ShouldNotBeNull();
            total.Wh.ShouldBe(2000.5m);
            total.Readings.ShouldBe(2);
        }

        await host.WaitForNonStaleProjectionDataAsync<IMeterStore>(TimeSpan.FromSeconds(30));
        await using (var query = store.QuerySession())
        {
            (await query.LoadAsync<MeterPeak>("meter-1"))!.MaxWh.ShouldBe(1200m);
            var schema = await query.QueryAsync<string>(
                "select table_schema from information_schema.tables where table_name = 'mt_events'");
            schema.ShouldBe(["meters"]);
        }
        await host.StopAsync();
    }
}
