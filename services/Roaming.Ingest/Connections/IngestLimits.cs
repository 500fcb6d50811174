namespace Roaming.Ingest.Connections;

/// <summary>Per-connection limits, bound from <c>Roaming:Ingest</c>.</summary>
public sealed class IngestLimits
{
    /// <summary>A frame larger than this closes the connection with 1009 (message too big).</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Server-side WebSocket pings notice dead sockets; the connection is aborted when no pong arrives within the timeout.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Inbound CALLs per second a connection may make on average, with bursts of <see cref="CallBurst"/>; calls over the
    /// limit are answered late, not refused (see <see cref="TokenBucket"/>). 0 = unlimited.
    /// </summary>
    public double CallsPerSecond { get; set; } = 20;
    public int CallBurst { get; set; } = 100;

    /// <summary>A connection with no frame from the charger for this long is closed (pings do not count). Zero = never; chargers send heartbeats.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Security profile 2 only: refuse upgrades that did not come over TLS (403), so a charger can never send its Basic
    /// password in the clear to a listening plain endpoint. Behind a TLS-terminating proxy leave it off (and forward headers).
    /// </summary>
    public bool RequireTls { get; set; }

    /// <summary>How long a CSMS-initiated CALL waits for the charger's answer.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long <c>POST /api/charge-points/{id}/commands/{command}</c> waits for the charger's answer before it answers 202
    /// with the command's location to poll (<c>Roaming:Ingest:CommandAnswerWait</c>).
    /// </summary>
    public TimeSpan CommandAnswerWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A transaction without any news for this long is closed by the stale-transaction sweep (<c>Roaming:Ingest:StaleTransactionAfter</c>).</summary>
    public TimeSpan StaleTransactionAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the sweep runs.</summary>
    public TimeSpan StaleTransactionSweepInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Several nodes: how long a node without the charger's connection waits for the node that has it to answer a
    /// command before it answers NotConnected itself. Must exceed <see cref="CallTimeout"/>.
    /// </summary>
    public TimeSpan CommandNotConnectedGrace { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Frame journal commits in flight at once (each charger always on the same one). More lanes overlap one batch's
    /// round trip to PostgreSQL with the next batch's work; each lane holds one database connection while it commits.
    /// </summary>
    public int JournalLanes { get; set; } = 4;

    /// <summary>
    /// How long a journal lane waits for more entries when a batch is not full before it commits (zero: commit at once).
    /// A short wait trades that much latency for fewer, larger commits, which PostgreSQL pays per commit, not per frame.
    /// </summary>
    public TimeSpan JournalLinger { get; set; } = TimeSpan.Zero;

    /// <summary>Heartbeat interval told to chargers in BootNotification.conf.</summary>
    public int HeartbeatIntervalSeconds { get; set; } = 300;
}
