using System.CommandLine;
using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Npgsql;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Sealing;
using Spectre.Console;

namespace Roaming.Host;

/// <summary>
/// <c>roaming replay --service X --as-of T</c>: copies the service's events committed up to T into a scratch schema
/// prefix and rebuilds the service's projections there; with <c>--serve URL</c> it then answers the service's API from
/// them, as the system would have answered at T. Documents that consumers write from other services' integration
/// messages (Charging's location and token snapshots, Ingest's known tokens) are copies of another service's state,
/// not of this service's events: they start empty in the scratch schema (docs/audit.md, Replay, says what that affects).
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var service = new Option<string>("--service") { Description = "The service to replay.", Required = true };
        var asOf = new Option<string>("--as-of") { Description = "The instant, e.g. 2026-10-31T23:59:59Z.", Required = true };
        var postgres = new Option<string?>("--postgres") { Description = "Connection string (default ROAMING_POSTGRES)." };
        var serve = new Option<string?>("--serve")
        {
            Description = "After the rebuild, answer the service's API from the replayed read models at this URL (e.g. http://127.0.0.1:5099) until Ctrl-C.",
        };
        var command = new Command("replay", "Rebuild a service's read models as of an instant into a scratch schema.") { service, asOf, postgres, serve };
        command.SetAction(async (parse, cancellation) =>
        {
            var instant = Roaming.Audit.Bundles.SequenceOrInstant.Parse(parse.GetValue(asOf)!).At
                ?? throw new FormatException("--as-of takes an instant, not a sequence number");
            var name = parse.GetValue(service)!;
            var module = ModuleCatalog.Create().Resolve(name).Single(m => m.Name == name);
            var configuration = new ConfigurationBuilder().AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().Build();
            var live = configuration.GetSection("Roaming").Get<RoamingOptions>() ?? new RoamingOptions();
            if (parse.GetValue(postgres) is { } explicitPostgres)
                live.Postgres = explicitPostgres;
            else if (Environment.GetEnvironmentVariable("ROAMING_POSTGRES") is { Length: > 0 } fromEnvironment)
                live.Postgres = fromEnvironment;
            live.SchemaPrefix = Environment.GetEnvironmentVariable("ROAMING_SCHEMA_PREFIX") ?? live.SchemaPrefix;
            var scratchPrefix = $"asof_{instant.ToDateTimeUtc().ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture)}_{live.SchemaPrefix}";
            var serveUrl = parse.GetValue(serve);

            var modules = new[] { module };
            var builder = RoamingApplication.CreateBuilder(["--Logging:LogLevel:Default=Warning"], modules, options =>
            {
                options.Postgres = live.Postgres;
                options.SchemaPrefix = scratchPrefix;
                // No daemon (no outbox, no sealing of the scratch copy) and no broker: the replay must neither publish
                // history again nor consume live messages into the scratch schema.
                options.RunDaemon = false;
                options.Transport = TransportKind.InMemory;
            });
            // The subject keys stay the live ones (the scratch prefix has none): what was forgotten reads [erased] as of
            // any instant, what was not reads as it did.
            builder.Services.AddSingleton(new Roaming.Platform.Sealing.Shredding.SubjectKeyVault(live.Postgres, live.SchemaPrefix));
            builder.WebHost.UseUrls(serveUrl ?? "http://127.0.0.1:0");
            await using var app = RoamingApplication.Build(builder, modules);
            long copied = 0;
            await AnsiConsole.Status().StartAsync($"Replaying {name} as of {instant}", async status =>
            {
                status.Status("creating the scratch schema");
                await app.StartAsync(cancellation);
                var store = StoreOf(app.Services, name);

                status.Status("copying the events committed up to the instant");
                copied = await CopyEvents(live, scratchPrefix, name, instant, cancellation);

                foreach (var projection in ((StoreOptions)store.Options).Projections.All)
                {
                    status.Status($"rebuilding {projection.Name}");
                    using var daemon = await store.BuildProjectionDaemonAsync();
                    await daemon.RebuildProjectionAsync(projection.Name, TimeSpan.FromMinutes(5), cancellation);
                }
            });
            AnsiConsole.MarkupLineInterpolated($"Replayed {copied:N0} events of [bold]{name}[/] committed up to {instant} into schema prefix [bold]{scratchPrefix}[/].");
            if (serveUrl is null)
            {
                await app.StopAsync(cancellation);
                AnsiConsole.MarkupLineInterpolated($"Query it: roaming replay ... --serve http://127.0.0.1:5099 (or ROAMING_SCHEMA_PREFIX={scratchPrefix} roaming run --services {name} with the in-memory transport)");
                return 0;
            }
            AnsiConsole.MarkupLineInterpolated($"Answering {name}'s API as of {instant} at [bold]{serveUrl}[/]; Ctrl-C to stop.");
            await app.WaitForShutdownAsync(cancellation);
            return 0;
        });
        return command;
    }

    /// <summary>The module's own store: the one whose sealed log carries the service's name (the sealing registration names it).</summary>
    private static IDocumentStore StoreOf(IServiceProvider services, string service)
    {
        var storeType = services.GetServices<SealedLog>().FirstOrDefault(l => l.Service == service)?.StoreType
            ?? throw new InvalidOperationException($"{service} has no sealed event store to replay (is Roaming:Sealing:Enabled false?)");
        return (IDocumentStore)services.GetRequiredService(storeType);
    }

    private static async Task<long> CopyEvents(RoamingOptions live, string scratchPrefix, string service, Instant asOf, CancellationToken cancellation)
    {
        var from = ServiceStores.SchemaName(live, service);
        var to = ServiceStores.SchemaName(new RoamingOptions { SchemaPrefix = scratchPrefix }, service);
        await using var connection = new NpgsqlConnection(live.Postgres);
        await connection.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"delete from {to}.mt_events; delete from {to}.mt_streams; " +
            $"insert into {to}.mt_streams select s.* from {from}.mt_streams s where exists (select 1 from {from}.mt_events e where e.stream_id = s.id and e.timestamp <= @asOf); " +
            $"insert into {to}.mt_events select * from {from}.mt_events where timestamp <= @asOf; " +
            $"update {to}.mt_streams s set version = (select max(e.version) from {to}.mt_events e where e.stream_id = s.id); " +
            $"select setval('{to}.mt_events_sequence', greatest((select coalesce(max(seq_id), 0) from {to}.mt_events), 1)); " +
            $"select count(*) from {to}.mt_events;", connection, transaction);
        command.Parameters.AddWithValue("asOf", asOf.ToDateTimeUtc());
        var count = 0L;
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            do
            {
                while (await reader.ReadAsync(cancellation))
                    if (reader.GetFieldType(0) == typeof(long) && reader.GetName(0) == "count")
                        count = reader.GetInt64(0);
            } while (await reader.NextResultAsync(cancellation));
        }
        await transaction.CommitAsync(cancellation);
        return count;
    }
}
