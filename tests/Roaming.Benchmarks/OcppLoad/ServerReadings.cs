using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Npgsql;
using Roaming.Ingest.Diagnostics;

namespace Roaming.Benchmarks.OcppLoad;

/// <summary>
/// What the server and its database did during the load phase, from one reading at GO and one at the end: the server's
/// GC pauses, collections and thread-pool backlog and its journal's queue and commit times (<c>GET /api/ingest/diagnostics</c>,
/// needs the operator key), PostgreSQL's transactions and rows (<c>pg_stat_database</c>, <c>pg_stat_user_tables</c>) and,
/// where <c>track_functions</c> is on for the database, the time spent in Marten's append function.
/// </summary>
public sealed record ServerReadings(IngestDiagnosticsReading? Server, DatabaseReading? Database)
{
    public static async Task<ServerReadings> Take(LoadOptions options) =>
        new(await ReadServer(options), await ReadDatabase(options));

    private static async Task<IngestDiagnosticsReading?> ReadServer(LoadOptions options)
    {
        if (string.IsNullOrEmpty(options.AdminKey)) return null;
        try
        {
            using var http = new HttpClient { BaseAddress = options.ApiBase, Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.AdminKey);
            return await http.GetFromJsonAsync<IngestDiagnosticsReading>("ingest/diagnostics");
        }
        catch (HttpRequestException)
        {
            return null; // a server without the endpoint: nothing to report
        }
    }

    private static async Task<DatabaseReading?> ReadDatabase(LoadOptions options)
    {
        if (string.IsNullOrEmpty(options.Postgres)) return null;
        await using var connection = new NpgsqlConnection(options.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select xact_commit, tup_inserted, tup_updated,
                   (select coalesce(sum(calls), 0)::bigint from pg_stat_user_functions where funcname = 'mt_quick_append_events'),
                   (select coalesce(sum(total_time), 0)::float8 from pg_stat_user_functions where funcname = 'mt_quick_append_events'),
                   (select coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0)::bigint from pg_stat_user_tables)
            from pg_stat_database where datname = current_database()
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new DatabaseReading(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4), reader.GetInt64(5));
    }

    /// <summary>Compact lines for the period from <paramref name="from"/> to <paramref name="to"/>, per CALL where that means something.</summary>
    public static string Describe(ServerReadings from, ServerReadings to, long calls, double seconds)
    {
        var text = new StringBuilder();
        var perCall = Math.Max(1, calls);
        if (from.Server is { } s0 && to.Server is { } s1)
        {
            var (r0, r1, j0, j1) = (s0.Runtime, s1.Runtime, s0.Journal, s1.Journal);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"server GC ({(r1.ServerGc ? "server" : "workstation")}): pauses {r1.GcPauseMsTotal - r0.GcPauseMsTotal:0} ms in {seconds:0} s " +
                $"({(r1.GcPauseMsTotal - r0.GcPauseMsTotal) / seconds / 10:0.00} %), collections gen0/1/2 {r1.Gen0Collections - r0.Gen0Collections}/" +
                $"{r1.Gen1Collections - r0.Gen1Collections}/{r1.Gen2Collections - r0.Gen2Collections}, allocated {(r1.AllocatedBytes - r0.AllocatedBytes) / (double)perCall / 1024:0.0} KB per CALL; " +
                $"thread pool {r1.ThreadCount} threads, {(r1.CompletedWorkItems - r0.CompletedWorkItems) / (double)perCall:0.0} work items per CALL");
            var commits = Math.Max(1, j1.Commits - j0.Commits);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"journal: {j1.Commits - j0.Commits} commits ({(j1.Entries - j0.Entries) / (double)commits:0.0} entries each), mean commit {(j1.CommitMsTotal - j0.CommitMsTotal) / commits:0.0} ms; " +
                $"thread-pool queue at commit start mean {(j1.PendingWorkItemsAtCommitSum - j0.PendingWorkItemsAtCommitSum) / (double)commits:0.0}, max since start {j1.PendingWorkItemsAtCommitMax}");
            text.AppendLine("journal commit ms    " + Buckets(j0.CommitBuckets, j1.CommitBuckets, s1.BucketBoundsMs));
            text.AppendLine("journal queue wait ms " + Buckets(j0.QueueWaitBuckets, j1.QueueWaitBuckets, s1.BucketBoundsMs));
        }
        if (from.Database is { } d0 && to.Database is { } d1)
        {
            var appends = d1.QuickAppendCalls - d0.QuickAppendCalls;
            var appendCost = appends > 0
                ? string.Create(CultureInfo.InvariantCulture, $", {appends / (double)perCall:0.00} mt_quick_append_events calls ({(d1.QuickAppendMs - d0.QuickAppendMs) / appends * 1000:0} µs each, {(d1.QuickAppendMs - d0.QuickAppendMs) / seconds / 10:0.0} % of a core)")
                : "";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"PostgreSQL per CALL: {(d1.Commits - d0.Commits) / (double)perCall:0.00} commits, {(d1.RowsInserted - d0.RowsInserted) / (double)perCall:0.00} rows inserted, " +
                $"{(d1.RowsUpdated - d0.RowsUpdated) / (double)perCall:0.00} updated, {(d1.TableScans - d0.TableScans) / (double)perCall:0.0} table scans{appendCost}");
        }
        return text.ToString().TrimEnd();
    }

    private static string Buckets(long[] before, long[] after, double[] bounds)
    {
        var total = Math.Max(1, after.Sum() - before.Sum());
        return string.Join(" ", Enumerable.Range(0, after.Length).Select(i =>
            $"{(i < bounds.Length ? "≤" + bounds[i].ToString(CultureInfo.InvariantCulture) : ">" + bounds[^1].ToString(CultureInfo.InvariantCulture))}:" +
            $"{100.0 * (after[i] - before[i]) / total:0.0}%"));
    }
}

/// <summary>Cumulative PostgreSQL counters of the server's database.</summary>
public sealed record DatabaseReading(long Commits, long RowsInserted, long RowsUpdated, long QuickAppendCalls, double QuickAppendMs, long TableScans);
