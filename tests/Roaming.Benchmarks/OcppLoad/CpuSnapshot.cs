using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Roaming.Benchmarks.OcppLoad;

/// <summary>CPU seconds (user + system) of the server, of PostgreSQL, of the driver's workers and of the whole machine, from /proc.</summary>
/// <param name="Postgres">Per PostgreSQL process: backends come and go (other databases' tests), so a phase counts only those alive at both ends.</param>
/// <param name="ServingPostgres">
/// The processes of the PostgreSQL instance the server writes to (its postmaster and the postmaster's children), when
/// known: on a shared machine another instance's work is then counted as "everything else", not as this run's.
/// </param>
public sealed partial record CpuSnapshot(double Server, IReadOnlyDictionary<int, double> Postgres, IReadOnlySet<int>? ServingPostgres, double Workers, double Machine,
    long Timestamp)
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    /// <param name="postmasterPid">The postmaster listening on the server's PostgreSQL port, if found.</param>
    public static CpuSnapshot Take(int? serverPid, IEnumerable<int> workerPids, int? postmasterPid)
    {
        var postgres = PostgresPids().ToDictionary(pid => pid, ProcessSeconds);
        var serving = postmasterPid is { } postmaster
            ? postgres.Keys.Where(pid => pid == postmaster || ParentPid(pid) == postmaster).ToHashSet()
            : null;
        return new CpuSnapshot(serverPid is { } pid ? ProcessSeconds(pid) : 0, postgres, serving, workerPids.Sum(ProcessSeconds), MachineSeconds(),
            Stopwatch.GetTimestamp());
    }

    public static string Describe(CpuSnapshot from, CpuSnapshot to)
    {
        var seconds = Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalSeconds;
        string Cores(double a, double b) => ((b - a) / seconds).ToString("0.00", CultureInfo.InvariantCulture);
        var machine = (to.Machine - from.Machine) / seconds;
        var postgres = to.Postgres.Where(p => from.Postgres.ContainsKey(p.Key)).Sum(p => p.Value - from.Postgres[p.Key]);
        var serving = from.ServingPostgres is { } atStart && to.ServingPostgres is { } atEnd
            ? to.Postgres.Where(p => atStart.Contains(p.Key) && atEnd.Contains(p.Key) && from.Postgres.ContainsKey(p.Key)).Sum(p => p.Value - from.Postgres[p.Key])
            : (double?)null;
        var ours = (to.Server - from.Server + (serving ?? postgres) + to.Workers - from.Workers) / seconds;
        var postgresText = serving is { } instance
            ? $"PostgreSQL (the server's instance, all its databases) {Cores(0, instance)} (every PostgreSQL on the machine {Cores(0, postgres)})"
            : $"PostgreSQL (all databases) {Cores(0, postgres)}";
        return $"CPU during the load phase (cores busy of {Environment.ProcessorCount}): server {Cores(from.Server, to.Server)}, " +
               $"{postgresText}, driver workers {Cores(from.Workers, to.Workers)}, " +
               $"everything else {(machine - ours).ToString("0.00", CultureInfo.InvariantCulture)}; machine {machine.ToString("0.00", CultureInfo.InvariantCulture)}";
    }

    private static int? ParentPid(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // After the command: state, then ppid.
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>PostgreSQL backends rename themselves in their command line; /proc/PID/comm stays "postgres".</summary>
    private static IEnumerable<int> PostgresPids()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            string comm;
            try { comm = File.ReadAllText(Path.Combine(directory, "comm")).Trim(); }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException) { continue; }
            if (comm == "postgres") yield return pid;
        }
    }

    private static double ProcessSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the command: field 3 is state, so utime (14) and stime (15) are at 11 and 12.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static double MachineSeconds()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // user nice system idle iowait irq softirq steal: busy = all but idle and iowait
        var values = cpu.Skip(1).Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (values[0] + values[1] + values[2] + values[5] + values[6] + values[7]) / TicksPerSecond;
    }

    /// <summary>The process listening on the TCP port, from <c>ss -ltnp</c>.</summary>
    public static int? ListeningPid(int port)
    {
        try
        {
            using var ss = Process.Start(new ProcessStartInfo("ss", ["-ltnpH", $"sport = :{port}"]) { RedirectStandardOutput = true })!;
            var output = ss.StandardOutput.ReadToEnd();
            ss.WaitForExit();
            var match = PidPattern().Match(output);
            return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    [GeneratedRegex(@"pid=(\d+)")]
    private static partial Regex PidPattern();
}
