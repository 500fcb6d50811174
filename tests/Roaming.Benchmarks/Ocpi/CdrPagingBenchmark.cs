using static Roaming.Benchmarks.BenchmarkArguments;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Roaming.Ocpi;
using Roaming.Ocpi.Objects;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;
using Roaming.Platform.Hosting;
using Roaming.Protocols.Ocpi;
using Roaming.Testing;

namespace Roaming.Benchmarks.Ocpi;

/// <summary>
/// <c>ocpi-paging --cdrs 1000000 [--other-party-share 10]</c>: seeds our own CDRs (binary COPY of the <see cref="OcpiObject"/>
/// documents as <c>OnCdrIssued</c> leaves them; one in <c>--other-party-share</c> belongs to another eMSP, so the
/// visibility filter has work), starts a platform with only the OCPI module on loopback, registers one eMSP partner and
/// pages through <c>GET /ocpi/2.2.1/cpo/cdrs</c> with a plain HttpClient following the Link headers (100 a page, the
/// maximum). Prints CDRs/s, page latency percentiles and the working set of the process (which is the server: the client
/// keeps nothing but a count) before paging, sampled during it, and its peak.
/// </summary>
public static class CdrPagingBenchmark
{
    public const string Verb = "ocpi-paging";
    private const string Database = "roaming_ocpi_paging_bench";
    private const string Token = "ocpi-paging-bench-token";

    public static async Task<int> Run(string[] args)
    {
        var cdrs = IntOption(args, "--cdrs", 1_000_000);
        var otherShare = IntOption(args, "--other-party-share", 10);
        var server = PostgresServer;
        var database = await PostgresDatabase.Recreate(server, Database);
        IRoamingModule[] modules = [new OcpiModule()];
        var builder = RoamingApplication.CreateBuilder([], modules, options =>
        {
            options.Postgres = database;
            options.AdminKey = "bench";
            options.Party = "DE*CPO";
            options.RunDaemon = false;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var url = $"http://127.0.0.1:{FreeTcpPort()}";
        builder.WebHost.UseUrls(url);
        await using var app = RoamingApplication.Build(builder, modules);
        await app.StartAsync();
        var store = app.Services.GetRequiredService<IOcpiStore>();
        await RegisterPartner(store, app.Services.GetRequiredService<TokenVault>());

        var seeding = Stopwatch.StartNew();
        var visible = await SeedCdrs(store, database, cdrs, otherShare);
        await Execute(database, "vacuum analyze ocpi.mt_doc_ocpiobject");
        Console.WriteLine($"seeded {cdrs:N0} CDRs ({visible:N0} of the partner's eMSP) in {seeding.Elapsed.TotalSeconds:F1} s");

        GC.Collect();
        var before = Process.GetCurrentProcess().WorkingSet64;
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", AuthorizationToken.Header(Token, true));
        using var sampling = new CancellationTokenSource();
        long sampledPeak = 0;
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                Interlocked.Exchange(ref sampledPeak, Math.Max(Interlocked.Read(ref sampledPeak), Process.GetCurrentProcess().WorkingSet64));
                try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var latencies = new List<double>(visible / 100 + 1);
        var read = 0;
        var totalHeader = -1L;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        string? next = "/ocpi/2.2.1/cpo/cdrs?limit=100";
        while (next is not null)
        {
            var page = Stopwatch.StartNew();
            using var response = await client.GetAsync(next, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            using var json = await JsonDocument.ParseAsync(body);
            latencies.Add(page.Elapsed.TotalMilliseconds);
            if (json.RootElement.GetProperty("status_code").GetInt32() != 1000)
                throw new InvalidOperationException($"page {next}: {json.RootElement}");
            read += json.RootElement.GetProperty("data").GetArrayLength();
            if (totalHeader < 0)
                totalHeader = long.Parse(response.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture);
            next = response.Headers.TryGetValues("Link", out var link) ? link.Single().Split('>')[0].TrimStart('<') : null;
            if (latencies.Count % 1000 == 0)
                Console.WriteLine($"  {read:N0} read, {read / clock.Elapsed.TotalSeconds:N0} CDRs/s, working set {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:F0} MB");
        }
        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        latencies.Sort();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))];
        Console.WriteLine($"paged {read:N0} CDRs (X-Total-Count {totalHeader:N0}) in {latencies.Count:N0} pages, {clock.Elapsed.TotalSeconds:F1} s = " +
                          $"{read / clock.Elapsed.TotalSeconds:N0} CDRs/s; page p50 {Percentile(0.5):F1} ms, p99 {Percentile(0.99):F1} ms, max {latencies[^1]:F1} ms");
        Console.WriteLine($"working set before paging {before / 1048576.0:F0} MB, sampled peak while paging {sampledPeak / 1048576.0:F0} MB, " +
                          $"process peak {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB; this process used {cpu.TotalSeconds:F1} s CPU " +
                          $"(server and client; the rest is PostgreSQL); load average before {load}, {Environment.ProcessorCount} cores");
        await app.StopAsync();
        return read == visible && totalHeader == visible ? 0 : 1;
    }

    /// <summary>One eMSP platform registered with us (as after a credentials handshake) whose token we know.</summary>
    private static async Task RegisterPartner(IOcpiStore store, TokenVault vault)
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        var roles = new[] { new CredentialsRole("EMSP", new BusinessDetails("Bench MSP"), "MSP", "DE") };
        await using var session = store.LightweightSession();
        session.Events.StartStream<Partner>("bench-msp",
            new PartnerCreated("bench-msp", "Bench MSP", TokenHash.Of("token-a"), now),
            new PartnerRegistered("bench-msp", TheirCredentials.Sealed(new OcpiCredentials("their-token", "http://127.0.0.1:9/versions", roles), vault),
                [], TokenHash.Of(Token), true, now));
        await session.SaveChangesAsync();
    }

    /// <summary>COPY of the CDR documents; returns how many the partner's eMSP DE*MSP may see.</summary>
    private static async Task<int> SeedCdrs(IOcpiStore store, string database, int cdrs, int otherShare)
    {
        var serializer = store.Options.Serializer();
        var start = Instant.FromUtc(2026, 11, 1, 0, 0);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var documents = await connection.BeginBinaryImportAsync(
            "copy ocpi.mt_doc_ocpiobject (id, data, mt_dotnet_type) from stdin (format binary)");
        var visible = 0;
        for (var i = 0; i < cdrs; i++)
        {
            var emsp = otherShare > 0 && i % otherShare == otherShare - 1 ? "OTH" : "MSP";
            visible += emsp == "MSP" ? 1 : 0;
            var id = $"CDR{i:0000000}";
            var stored = start + Duration.FromSeconds(i);
            var json = CdrJson(id, emsp, stored);
            var cdr = new OcpiObject(OcpiObject.KeyFor(Modules.Cdrs, "DE", "CPO", id), Modules.Cdrs, "DE", "CPO", id, Owners.Self, json, stored, stored,
                "DE", emsp);
            await documents.StartRowAsync();
            await documents.WriteAsync(cdr.Id, NpgsqlDbType.Varchar);
            await documents.WriteAsync(serializer.ToJson(cdr), NpgsqlDbType.Jsonb);
            await documents.WriteAsync(typeof(OcpiObject).FullName!, NpgsqlDbType.Varchar);
        }
        await documents.CompleteAsync();
        return visible;
    }

    /// <summary>A CDR as a CPO sends it (about 1.2 kB): one charging period, one tariff, a cdr_token of the eMSP.</summary>
    private static string CdrJson(string id, string emsp, Instant stored)
    {
        var end = OcpiDateTime.Format(stored);
        var begin = OcpiDateTime.Format(stored - Duration.FromMinutes(50));
        return $$"""
            {"country_code":"DE","party_id":"CPO","id":"{{id}}","start_date_time":"{{begin}}","end_date_time":"{{end}}","session_id":"S{{id}}",
            "cdr_token":{"country_code":"DE","party_id":"{{emsp}}","uid":"04A2B3C4D5E6F7","type":"RFID","contract_id":"DE-{{emsp}}-C12345678-9"},
            "auth_method":"WHITELIST","cdr_location":{"id":"LOC1","name":"Bench","address":"Hauptstr. 1","city":"Berlin","postal_code":"10115",
            "country":"DEU","coordinates":{"latitude":"52.520008","longitude":"13.404954"},"evse_uid":"DE*CPO*E1","evse_id":"DE*CPO*E1",
            "connector_id":"1","connector_standard":"IEC_62196_T2","connector_format":"SOCKET","connector_power_type":"AC_3_PHASE"},
            "currency":"EUR","tariffs":[{"country_code":"DE","party_id":"CPO","id":"T1","currency":"EUR","elements":[{"price_components":
            [{"type":"ENERGY","price":0.39,"vat":19.0,"step_size":1}]}],"last_updated":"2026-10-01T00:00:00Z"}],
            "charging_periods":[{"start_date_time":"{{begin}}","dimensions":[{"type":"ENERGY","volume":22.5}],"tariff_id":"T1"}],
            "total_cost":{"excl_vat":8.78,"incl_vat":10.45},"total_energy":22.5,"total_energy_cost":{"excl_vat":8.78,"incl_vat":10.45},
            "total_time":0.833,"last_updated":"{{end}}"}
            """.ReplaceLineEndings("");
    }

    private static async Task Execute(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}
