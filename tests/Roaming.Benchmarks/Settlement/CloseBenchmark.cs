using static Roaming.Benchmarks.BenchmarkArguments;
using System.Diagnostics;
using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Roaming.Contracts.Settlement.V1;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Settlement;
using Roaming.Settlement.Agreements;
using Roaming.Settlement.Ledger;
using Roaming.Settlement.Statements;
using Roaming.Settlement.Statements.Closing;
using Roaming.Testing;

namespace Roaming.Benchmarks.Settlement;

/// <summary>
/// <c>settlement-close --cdrs 1000000 --agreements 100 [--parallel 2]</c>: seeds billable ledger CDRs of November 2026
/// (binary COPY of the <see cref="LedgerCdr"/> documents and their ledger stream rows, as the ledger projection would have
/// left them) spread evenly over the agreements, then closes November for every agreement through <see cref="PeriodCloser"/>
/// (the code behind the API and the scheduled close) and prints wall time, CDRs/s and the process's peak working set.
/// The outbox daemon is off: publishing <c>StatementIssued</c> happens after the close, asynchronously.
/// </summary>
public static class CloseBenchmark
{
    public const string Verb = "settlement-close";
    private const string Database = "roaming_settlement_bench";

    public static async Task<int> Run(string[] args)
    {
        var cdrs = IntOption(args, "--cdrs", 1_000_000);
        var agreements = IntOption(args, "--agreements", 100);
        var parallel = IntOption(args, "--parallel", 2);
        var server = PostgresServer;
        var database = await PostgresDatabase.Recreate(server, Database);
        IRoamingModule[] modules = [new SettlementModule()];
        var builder = RoamingApplication.CreateBuilder([], modules, options =>
        {
            options.Postgres = database;
            options.AdminKey = "bench";
            options.RunDaemon = false;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = RoamingApplication.Build(builder, modules);
        await app.StartAsync();
        var store = app.Services.GetRequiredService<ISettlementStore>();

        var seeding = Stopwatch.StartNew();
        var parties = Enumerable.Range(1, agreements).Select(i => Agreement($"DE*C{i:000}", "DE*MSP")).ToList();
        await using (var session = store.LightweightSession())
        {
            session.Store(parties.ToArray());
            await session.SaveChangesAsync();
        }
        await SeedLedger(store, database, parties, cdrs);
        await Execute(database, "analyze");
        Console.WriteLine($"seeded {cdrs:N0} billable CDRs over {agreements} agreements in {seeding.Elapsed.TotalSeconds:F1} s " +
                          $"(peak working set so far {Environment.WorkingSet / 1048576.0:F0} MB now, {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB peak)");

        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var closer = app.Services.GetRequiredService<PeriodCloser>();
        var november = BillingPeriod.Parse(BillingPeriod.Monthly, "2026-11")!;
        long lines = 0;
        var drift = 0m; // largest |Σ line VAT − round(taxable × rate)| of a VAT breakdown: what EN 16931 BR-CO-17 tolerates up to 1 unit
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(parties, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (agreement, cancellation) =>
        {
            var outcome = await closer.Close(agreement, november, new EventContext("system:bench", SystemClock.Instance.GetCurrentInstant()), cancellation);
            var statement = ((CloseOutcome.Closed)outcome).Statement;
            Interlocked.Add(ref lines, statement.Lines.Count);
            var largest = statement.VatBreakdown.Max(b => Math.Abs(b.VatAmount - SettlementMoney.Round(b.TaxableAmount * b.VatRate / 100m, statement.Currency)));
            lock (parties)
                drift = Math.Max(drift, largest);
        });
        clock.Stop();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.WriteLine($"closed 2026-11 of {agreements} agreements: {lines:N0} lines in {clock.Elapsed.TotalSeconds:F1} s = {lines / clock.Elapsed.TotalSeconds:N0} CDRs/s, " +
                          $"peak working set {peak:F0} MB, parallel {parallel}, load average before {load}; " +
                          $"this process used {cpu.TotalSeconds:F1} s CPU (the rest is PostgreSQL and waiting)");
        var billed = await Scalar(database, "select count(*) from settlement.mt_events where type = 'cdr_billed'");
        Console.WriteLine($"check: {billed:N0} CdrBilled events in the ledger streams; largest VAT rounding drift of a breakdown {drift} EUR");
        await app.StopAsync();
        return billed == lines ? 0 : 1;
    }

    private static async Task SeedLedger(ISettlementStore store, string database, IReadOnlyList<Agreement> parties, int cdrs)
    {
        var serializer = store.Options.Serializer();
        var start = Instant.FromUtc(2026, 10, 31, 23, 0);
        var random = new Random(42);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var now = DateTimeOffset.UtcNow;
        await using (var documents = await connection.BeginBinaryImportAsync(
                         "copy settlement.mt_doc_ledgercdr (id, data, mt_dotnet_type) from stdin (format binary)"))
        await using (var streams = new NpgsqlConnection(database))
        {
            await streams.OpenAsync();
            await using var streamRows = await streams.BeginBinaryImportAsync(
                "copy settlement.mt_streams (id, type, version, timestamp, created, tenant_id, is_archived) from stdin (format binary)");
            for (var i = 0; i < cdrs; i++)
            {
                var agreement = parties[i % parties.Count];
                var sessionStart = start + Duration.FromSeconds(random.NextInt64(0, 29L * 24 * 3600));
                var cdrId = $"CDR{i:0000000}";
                var facts = new SettledCdrFacts("EUR", Math.Round((decimal)random.NextDouble() * 40m, 2), sessionStart, sessionStart + Duration.FromMinutes(50),
                    i % 5 == 0 ? "NL" : "DE", $"LOC{i % 5000}", $"DE*C01*E{i % 20000}", Math.Round((decimal)random.NextDouble() * 60m, 3), Duration.FromMinutes(45),
                    Duration.FromMinutes(5), false, null, null);
                var cdr = new LedgerCdr
                {
                    Id = LedgerKeys.For(agreement.OperatorId, cdrId), OperatorId = agreement.OperatorId, ProviderId = agreement.ProviderId, CdrId = cdrId,
                    Source = "clearing", Facts = facts, State = LedgerStates.Billable, SessionStart = sessionStart, ChangedAt = sessionStart,
                };
                await documents.StartRowAsync();
                await documents.WriteAsync(cdr.Id, NpgsqlDbType.Varchar);
                await documents.WriteAsync(serializer.ToJson(cdr), NpgsqlDbType.Jsonb);
                await documents.WriteAsync(typeof(LedgerCdr).FullName!, NpgsqlDbType.Varchar);
                await streamRows.StartRowAsync();
                await streamRows.WriteAsync(cdr.Id, NpgsqlDbType.Varchar);
                await streamRows.WriteNullAsync();
                await streamRows.WriteAsync(2L, NpgsqlDbType.Bigint); // entered + approved
                await streamRows.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await streamRows.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await streamRows.WriteAsync("*DEFAULT*", NpgsqlDbType.Varchar);
                await streamRows.WriteAsync(false, NpgsqlDbType.Boolean);
            }
            await streamRows.CompleteAsync();
            await documents.CompleteAsync();
        }
    }

    private static Agreement Agreement(string operatorId, string providerId) => new()
    {
        Id = Roaming.Settlement.Agreements.Agreement.KeyOf(operatorId, providerId), OperatorId = operatorId, ProviderId = providerId, Currency = "EUR",
        Period = BillingPeriod.Monthly, TimeZone = "Europe/Berlin", Billing = BillingDirections.CpoInvoicesEmsp, PaymentTermsDays = 30,
        VatRates = [new VatRate("DE", 19m, new LocalDate(2026, 1, 1), null), new VatRate("NL", 21m, new LocalDate(2026, 1, 1), null)],
        Issuer = new PartyDetails($"CPO {operatorId}", "Hauptstr. 1, Berlin", "DE123456789", "DE"),
        Recipient = new PartyDetails("MSP", "Damrak 1, Amsterdam", "NL123456789B01", "NL"), SettlesFrom = new LocalDate(2026, 1, 1),
    };

    private static async Task Execute(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
