using System.Globalization;

namespace Roaming.Benchmarks.Ochp;

/// <summary>Options of <c>ochp-load</c>.</summary>
public sealed record OchpLoadOptions
{
    public Uri Url { get; init; } = new("http://127.0.0.1:5090");
    public string? AdminKey { get; init; } = Environment.GetEnvironmentVariable("ROAMING_ADMIN_KEY");
    public string? Postgres { get; init; } = Environment.GetEnvironmentVariable("ROAMING_POSTGRES");
    /// <summary>Prefix of the service schemas (<c>ROAMING_SCHEMA_PREFIX</c> of the server).</summary>
    public string SchemaPrefix { get; init; } = Environment.GetEnvironmentVariable("ROAMING_SCHEMA_PREFIX") ?? "";
    /// <summary>Concurrent clients; each is a CPO participant of its own (Operator-ID DE*Bnn, login bench-cpo-nn).</summary>
    public int Clients { get; init; } = 2;
    public int BatchSize { get; init; } = 100;
    /// <summary>Batches per client (built before the clock starts).</summary>
    public int Batches { get; init; } = 50;
    /// <summary>Stop sending new batches after this many seconds, even when not all are sent; 0: no limit.</summary>
    public int Seconds { get; init; }
    /// <summary>Run against a bare SoapCore echo started in this process instead of a running server.</summary>
    public bool Echo { get; init; }
    public int? ServerPid { get; init; }
    /// <summary>How long to wait for the sealing subscription to reach the last clearing event.</summary>
    public int SealTimeoutSeconds { get; init; } = 600;
    /// <summary>Only time the CPU-bound steps of the OCHP endpoint for one batch in this process (<see cref="StageTimings"/>).</summary>
    public bool Stages { get; init; }

    public Uri ApiBase => new UriBuilder(Url) { Path = "/api/" }.Uri;
    public Uri ServiceUrl => new UriBuilder(Url) { Path = "/service/ochp/v1.4" }.Uri;

    public const string Help = """
        ochp-load: AddCDRs batches from concurrent CPO clients against a running `roaming run` (clearing + ochp services),
        or with --echo against a bare SoapCore service in this process; prints CDRs/s, latency per batch, CPU per 1,000 CDRs,
        the time until the clearing events are sealed, and checks that the clearing house holds exactly the CDRs sent.

          --url URL             server base URL (default http://127.0.0.1:5090)
          --admin-key KEY       operator API key (default ROAMING_ADMIN_KEY)
          --postgres CS         the server's PostgreSQL (default ROAMING_POSTGRES): sealing progress, CPU of PostgreSQL
          --schema-prefix P     the server's ROAMING_SCHEMA_PREFIX (default the environment's)
          --clients C           concurrent clients, one CPO participant each (default 2)
          --batch-size N        CDRs per AddCDRs (default 100)
          --batches N           batches per client (default 50)
          --seconds S           stop sending after S seconds (default: no limit)
          --server-pid PID      the server process (default: the process listening on the URL's port)
          --seal-timeout S      how long to wait for sealing (default 600)
          --stages              only time the endpoint's CPU-bound steps (parse, XSD, deserialize, map) for one batch
          --echo                run against a bare SoapCore AddCDRs echo on a loopback port of this process
        """;

    public static OchpLoadOptions Parse(string[] args)
    {
        var options = new OchpLoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--url" => options with { Url = new Uri(Next()) },
                "--admin-key" => options with { AdminKey = Next() },
                "--postgres" => options with { Postgres = Next() },
                "--schema-prefix" => options with { SchemaPrefix = Next() },
                "--clients" => options with { Clients = NextInt() },
                "--batch-size" => options with { BatchSize = NextInt() },
                "--batches" => options with { Batches = NextInt() },
                "--seconds" => options with { Seconds = NextInt() },
                "--server-pid" => options with { ServerPid = NextInt() },
                "--seal-timeout" => options with { SealTimeoutSeconds = NextInt() },
                "--echo" => options with { Echo = true },
                "--stages" => options with { Stages = true },
                _ => throw new ArgumentException($"unknown option {args[i]}\n{Help}"),
            };
        }
        if (options.Clients is < 1 or > 99) throw new ArgumentException("--clients is 1..99");
        if (options.BatchSize < 1 || options.Batches < 1) throw new ArgumentException("--batch-size and --batches are at least 1");
        return options;
    }
}
