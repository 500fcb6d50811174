namespace Roaming.Platform.Hosting;

public enum TransportKind
{
    /// <summary>In-process: integration messages are handled by the MassTransit mediator before the publisher's checkpoint moves.</summary>
    InMemory,
    RabbitMq,
}

/// <summary>Process-wide settings, bound from appsettings and the <c>ROAMING_*</c> environment variables.</summary>
public sealed partial class RoamingOptions
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=55432;Database=roaming;Username=postgres;Password=postgres";

    public string Postgres { get; set; } = DefaultPostgres;
    public TransportKind Transport { get; set; } = TransportKind.InMemory;
    public string RabbitMq { get; set; } = "amqp://guest:guest@127.0.0.1:55672/";

    /// <summary>Bearer key of the operator API. Empty means the API refuses every call.</summary>
    public string AdminKey { get; set; } = "";

    /// <summary>The platform's own party, <c>NL*TNM</c>: ISO 3166 alpha-2 country code, <c>*</c>, three-character OCPI party id.</summary>
    public string Party { get; set; } = "NL*TNM";

    /// <summary>
    /// Largest request body the server reads, in bytes (Kestrel's own default, 30,000,000). A larger body is refused with
    /// 413: problem details on the operator API, the OCPI envelope on <c>/ocpi</c>.
    /// </summary>
    public long MaxRequestBodySize { get; set; } = 30_000_000;

    /// <summary>Schema prefix so that several instances (or tests) can share one database.</summary>
    public string SchemaPrefix { get; set; } = "";

    /// <summary>Whether this process runs the async projections and outbox subscriptions of its modules (exactly one process per service must).</summary>
    public bool RunDaemon { get; set; } = true;

    /// <summary>
    /// Embedded bus: the waits between attempts of a consumer that throws; after the last one the message is parked for
    /// that consumer (docs/operations.md, Parked messages). Unset: 50 ms, 200 ms, 500 ms, 1 s, 2 s (six attempts).
    /// </summary>
    public TimeSpan[]? MessageRetryIntervals { get; set; }

    /// <summary>The effective <see cref="MessageRetryIntervals"/>.</summary>
    public IReadOnlyList<TimeSpan> RetryIntervals => MessageRetryIntervals ??
        [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>Currency of sessions at connectors that have no tariff (ISO 4217).</summary>
    public string DefaultCurrency { get; set; } = "EUR";

    /// <summary>Refuses settings the platform cannot run with, naming the setting (the host prints it and exits 1).</summary>
    public void Validate()
    {
        if (!PartyPattern().IsMatch(Party))
            throw new ArgumentException(
                $"Roaming:Party (ROAMING_PARTY) is '{Party}': expected <country code>*<party id>, two upper-case letters and three upper-case letters or digits, e.g. NL*TNM.");
        if (MaxRequestBodySize <= 0)
            throw new ArgumentException($"Roaming:MaxRequestBodySize is {MaxRequestBodySize}: expected a positive number of bytes.");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z]{2}\\*[A-Z0-9]{3}$")]
    private static partial System.Text.RegularExpressions.Regex PartyPattern();
}
