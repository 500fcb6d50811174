using System.Globalization;

namespace Roaming.Benchmarks.OcppLoad;

public enum LoadMode
{
    /// <summary>Chargers behave like chargers: boot, status, heartbeats, transactions with MeterValues every 10 s.</summary>
    Realistic,
    /// <summary>Every active charger sends its next MeterValues as soon as the previous CALLRESULT arrives (closed loop).</summary>
    Saturate,
    /// <summary>Open loop: MeterValues at a fixed total rate of frames/s, spread over idle chargers.</summary>
    Rate,
}

/// <summary>Options of <c>ocpp-load</c>; workers get the same options plus their slice of the chargers.</summary>
public sealed record LoadOptions
{
    public Uri Url { get; init; } = new("ws://127.0.0.1:5080/ocpp");
    public int Chargers { get; init; } = 1000;
    /// <summary>Index of the first charger: this run drives chargers [First, First + Chargers).</summary>
    public int First { get; init; }
    public int Processes { get; init; } = 2;
    public string Prefix { get; init; } = "CP-LOAD-";
    /// <summary>Password of charger i: this pattern with {0} replaced by i (16-40 characters).</summary>
    public string PasswordPattern { get; init; } = "load-password-{0:D8}";
    public bool Register { get; init; } = true;
    /// <summary>Only register (and seed) the chargers, then exit.</summary>
    public bool RegisterOnly { get; init; }
    /// <summary>First charger index registered (to add chargers to an earlier registration).</summary>
    public int RegisterFrom { get; init; }
    public string? AdminKey { get; init; } = Environment.GetEnvironmentVariable("ROAMING_ADMIN_KEY");
    public LoadMode Mode { get; init; } = LoadMode.Realistic;
    /// <summary>Load phase length in seconds (after every charger has connected and booted).</summary>
    public int Duration { get; init; } = 60;
    /// <summary>Offered CALLs/s in <see cref="LoadMode.Rate"/> (each CALL is 2 recorded frames: CALL and CALLRESULT).</summary>
    public int Rate { get; init; } = 2500;
    /// <summary>Chargers that run the closed loop in <see cref="LoadMode.Saturate"/>; all when 0.</summary>
    public int Active { get; init; }
    public int MeterIntervalSeconds { get; init; } = 10;
    public int HeartbeatSeconds { get; init; } = 60;
    /// <summary>Realistic mode: a transaction lasts this long, then the charger idles up to <see cref="IdleSeconds"/>.</summary>
    public int SessionSeconds { get; init; } = 120;
    public int IdleSeconds { get; init; } = 30;
    /// <summary>Concurrent connection attempts per worker process while connecting.</summary>
    public int ConnectConcurrency { get; init; } = 32;
    /// <summary>Source addresses 127.0.0.2 .. 127.0.0.(1+n) for the WebSocket connections; 0 lets the kernel choose.</summary>
    public int SourceAddresses { get; init; } = 4;
    public int? ServerPid { get; init; }
    public string? Postgres { get; init; } = Environment.GetEnvironmentVariable("ROAMING_POSTGRES");
    /// <summary>Worker only: its slice [From, To) of charger indexes.</summary>
    public int From { get; init; }
    public int To { get; init; }
    public int Worker { get; init; }

    public Uri ApiBase => new UriBuilder(Url) { Scheme = Url.Scheme == "wss" ? "https" : "http", Path = "/api/" }.Uri;

    public string ChargerId(int index) => Prefix + index.ToString("D6", CultureInfo.InvariantCulture);

    public string Password(int index) => string.Format(CultureInfo.InvariantCulture, PasswordPattern, index);

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--url" => options with { Url = new Uri(Next()) },
                "--chargers" => options with { Chargers = NextInt() },
                "--first" => options with { First = NextInt() },
                "--processes" => options with { Processes = NextInt() },
                "--prefix" => options with { Prefix = Next() },
                "--password-pattern" => options with { PasswordPattern = Next() },
                "--no-register" => options with { Register = false },
                "--register-only" => options with { RegisterOnly = true },
                "--register-from" => options with { RegisterFrom = NextInt() },
                "--admin-key" => options with { AdminKey = Next() },
                "--mode" => options with { Mode = Enum.Parse<LoadMode>(Next(), ignoreCase: true) },
                "--duration" => options with { Duration = NextInt() },
                "--rate" => options with { Rate = NextInt(), Mode = LoadMode.Rate },
                "--active" => options with { Active = NextInt() },
                "--meter-interval" => options with { MeterIntervalSeconds = NextInt() },
                "--heartbeat" => options with { HeartbeatSeconds = NextInt() },
                "--session-seconds" => options with { SessionSeconds = NextInt() },
                "--idle-seconds" => options with { IdleSeconds = NextInt() },
                "--connect-concurrency" => options with { ConnectConcurrency = NextInt() },
                "--source-addresses" => options with { SourceAddresses = NextInt() },
                "--server-pid" => options with { ServerPid = NextInt() },
                "--postgres" => options with { Postgres = Next() },
                "--from" => options with { From = NextInt() },
                "--to" => options with { To = NextInt() },
                "--worker" => options with { Worker = NextInt() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return options;
    }

    /// <summary>The arguments a worker process gets for its slice.</summary>
    public IEnumerable<string> WorkerArgs(int worker, int from, int to)
    {
        string S(int value) => value.ToString(CultureInfo.InvariantCulture);
        return
        [
            "--url", Url.ToString(), "--prefix", Prefix, "--password-pattern", PasswordPattern, "--mode", Mode.ToString(),
            "--duration", S(Duration), "--rate", S(Rate), "--mode", Mode.ToString(), "--active", S(Active),
            "--meter-interval", S(MeterIntervalSeconds), "--heartbeat", S(HeartbeatSeconds),
            "--session-seconds", S(SessionSeconds), "--idle-seconds", S(IdleSeconds),
            "--connect-concurrency", S(ConnectConcurrency), "--source-addresses", S(SourceAddresses),
            "--from", S(from), "--to", S(to), "--worker", S(worker), "--processes", S(Processes),
        ];
    }

    public const string Help = """
        ocpp-load: OCPP 1.6J load against a running `roaming run`.
          --url ws://127.0.0.1:5080/ocpp   OCPP endpoint (the operator API is the same host under /api)
          --chargers N                    chargers CP-LOAD-000000 .. (default 1000)
          --first I                       drive chargers I .. I+N-1 (another run can hold 0 .. I-1 meanwhile)
          --processes P                   worker processes (20,000 open files per process; default 2)
          --no-register                   chargers are registered already (--prefix, --password-pattern '...{0:D8}')
          --register-only [--register-from I]   register chargers I.. N-1 (with the seed data) and exit
          --admin-key KEY                 operator API key (default ROAMING_ADMIN_KEY)
          --mode realistic|saturate|rate  traffic (default realistic); --rate N implies rate mode with N CALLs/s
          --duration S                    load phase seconds after all chargers booted (default 60)
          --active K                      saturate mode: chargers in the closed loop (default all)
          --meter-interval S, --heartbeat S, --session-seconds S, --idle-seconds S   realistic mode timings
          --connect-concurrency C         connection attempts in flight per process (default 32)
          --source-addresses K            bind to 127.0.0.2..127.0.0.(K+1) (default 4; 0 = kernel's choice)
          --server-pid PID                server for RSS per connection (default: the process listening on the port)
          --postgres CONNSTRING           where to count recorded frames (default ROAMING_POSTGRES)
        """;
}
