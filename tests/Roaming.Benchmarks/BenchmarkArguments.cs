using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Roaming.Benchmarks;

/// <summary>The command verbs' options (<c>--name value</c>) and the loopback ports their servers listen on.</summary>
public static class BenchmarkArguments
{
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
