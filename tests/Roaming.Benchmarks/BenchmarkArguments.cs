using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Roaming.Benchmarks;

/// <summary>The command verbs' options (<c>--name value</c>), their PostgreSQL server and the loopback ports their servers listen on.</summary>
public static class BenchmarkArguments
{
    /// <summary><c>ROAMING_BENCH_POSTGRES</c>, default the local test server; each verb recreates a database of its own there.</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("ROAMING_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres";

    public static int IntOption(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;

    public static string StringOption(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
