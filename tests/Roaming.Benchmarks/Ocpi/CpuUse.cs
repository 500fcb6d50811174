using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Roaming.Benchmarks.Ocpi;

/// <summary>
/// The CPU used during one run, in cores (CPU seconds per wall second): the hub process, this process (load driver and
/// platforms), the PostgreSQL backends serving the benchmark database, and all of PostgreSQL (its other databases, WAL
/// writer and checkpointer included, so also the other work on a shared server). Read from /proc (Linux).
/// </summary>
public sealed class CpuUse
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on
    private readonly int _hub;
    private readonly string _server;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _hubStart;
    private readonly TimeSpan _selfStart;
    private readonly Dictionary<int, double> _backendsStart;
    private readonly Dictionary<int, double> _postgresStart;
    private readonly long _commitsStart;

    private CpuUse(int hub, string server, Dictionary<int, double> backends, long commits)
    {
        _commitsStart = commits;
        _hub = hub;
        _server = server;
        _hubStart = Process.GetProcessById(hub).TotalProcessorTime;
        _selfStart = Process.GetCurrentProcess().TotalProcessorTime;
        _backendsStart = backends;
        _postgresStart = AllPostgres();
    }

    public static async Task<CpuUse> Start(int hub, string server) => new(hub, server, await Backends(server), await Commits(server));

    public async Task<string> Stop()
    {
        var wall = _wall.Elapsed.TotalSeconds;
        var hub = (Process.GetProcessById(_hub).TotalProcessorTime - _hubStart).TotalSeconds;
        var self = (Process.GetCurrentProcess().TotalProcessorTime - _selfStart).TotalSeconds;
        var postgres = AllPostgres().Sum(p => p.Value - _postgresStart.GetValueOrDefault(p.Key));
        var backends = (await Backends(_server)).Sum(b => b.Value - _backendsStart.GetValueOrDefault(b.Key));
        var commits = await Commits(_server) - _commitsStart;
        return string.Create(CultureInfo.InvariantCulture,
            $"hub {hub / wall:F2} cores, driver+platforms {self / wall:F2}, PostgreSQL for the hub {backends / wall:F2} (all of PostgreSQL {postgres / wall:F2}), " +
            $"{commits / wall:F0} commits/s in the hub's database, wall {wall:F1} s");
    }

    /// <summary>Transactions committed in the benchmark's database so far (the traffic log's group commits, the daemon's progress).</summary>
    private static async Task<long> Commits(string server)
    {
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select xact_commit from pg_stat_database where datname = @db", connection);
        command.Parameters.AddWithValue("db", HubForwardingHub.DatabaseName);
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }

    /// <summary>CPU seconds so far of each backend connected to the benchmark's database.</summary>
    private static async Task<Dictionary<int, double>> Backends(string server)
    {
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select pid from pg_stat_activity where datname = @db", connection);
        command.Parameters.AddWithValue("db", HubForwardingHub.DatabaseName);
        var pids = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                pids.Add(reader.GetInt32(0));
        return pids.Select(pid => (pid, cpu: CpuSeconds(pid))).Where(p => p.cpu is not null).ToDictionary(p => p.pid, p => p.cpu!.Value);
    }

    /// <summary>CPU seconds so far of each PostgreSQL process (one that ends during the run drops out rather than counting negative).</summary>
    private static Dictionary<int, double> AllPostgres() =>
        Directory.EnumerateDirectories("/proc").Select(d => Path.GetFileName(d)).Where(n => n.All(char.IsAsciiDigit))
            .Where(n => ReadOrNull($"/proc/{n}/comm")?.Trim() == "postgres").Select(n => int.Parse(n, CultureInfo.InvariantCulture))
            .Select(pid => (pid, cpu: CpuSeconds(pid))).Where(p => p.cpu is not null).ToDictionary(p => p.pid, p => p.cpu!.Value);

    /// <summary>utime + stime of /proc/{pid}/stat (fields 14 and 15, after the command in parentheses).</summary>
    private static double? CpuSeconds(int pid)
    {
        var stat = ReadOrNull($"/proc/{pid}/stat");
        if (stat is null)
            return null;
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
