using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Roaming.Audit.Checkpoints;
using Roaming.Audit.Keys;
using Roaming.Audit.SealingHost;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Sealing;
using Roaming.Testing;

namespace Roaming.Audit.Tests;

/// <summary>The real host pipeline with the ledger and audit modules, on a database and schema prefix of the test's own.</summary>
public sealed class AuditedApp : IAsyncDisposable
{
    public const string AdminKey = "audit-test-admin-key";

    private AuditedApp(WebApplication app, string connectionString, RoamingOptions roaming, string url, string keyPath, LogCapture logs)
    {
        Logs = logs;
        App = app;
        ConnectionString = connectionString;
        Roaming = roaming;
        Url = url;
        KeyPath = keyPath;
    }

    public WebApplication App { get; }

    /// <summary>The app's log lines (Marten, JasperFx, Roaming; Debug and up).</summary>
    public LogCapture Logs { get; }
    public string ConnectionString { get; }
    public RoamingOptions Roaming { get; }
    public string Url { get; }
    public string KeyPath { get; }

    public ILedgerStore Ledger => App.Services.GetRequiredService<ILedgerStore>();
    public CheckpointSigner Signer => App.Services.GetRequiredService<CheckpointSigner>();
    public IReadOnlyList<AuditPublicKey> PublicKeys => App.Services.GetRequiredService<SigningKeyRing>().Published;
    public string LedgerSchema => ServiceStores.SchemaName(Roaming, LedgerModule.ServiceName);
    public string AuditSchema => ServiceStores.SchemaName(Roaming, AuditModule.ServiceName);

    /// <summary>A fresh database per test class (<paramref name="database"/>), a schema prefix per app.</summary>
    public static async Task<AuditedApp> Start(string connectionString, string? prefix = null, string? keyPath = null, string? witnessFile = null,
        IRoamingModule? alsoRun = null)
    {
        prefix ??= $"t{Guid.NewGuid():N}"[..9] + "_";
        keyPath ??= NewKeyFile();
        var url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        IRoamingModule[] modules = [new LedgerModule(), new AuditModule(), .. alsoRun is null ? Array.Empty<IRoamingModule>() : [alsoRun]];
        var roaming = new RoamingOptions();
        string[] args =
        [
            $"--Roaming:Audit:SigningKeyPath={keyPath}", "--Roaming:Audit:CheckpointInterval=01:00:00",
            .. witnessFile is null ? Array.Empty<string>() : [$"--Roaming:Audit:WitnessFile={witnessFile}"],
        ];
        var builder = RoamingApplication.CreateBuilder(args, modules, options =>
        {
            options.Postgres = connectionString;
            options.SchemaPrefix = prefix;
            options.AdminKey = AdminKey;
            roaming = options;
        });
        builder.WebHost.UseUrls(url);
        var logs = new LogCapture();
        builder.Logging.AddProvider(logs);
        builder.Logging.AddFilter<LogCapture>(null, LogLevel.Debug);
        var app = RoamingApplication.Build(builder, modules);
        await app.StartAsync();
        return new AuditedApp(app, connectionString, roaming, url, keyPath, logs);
    }

    public static string NewKeyFile()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("roaming-audit-test").FullName, "signing-key.pem");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        return path;
    }

    /// <summary>Appends <paramref name="count"/> entries, one commit each, over three accounts; returns their sequences.</summary>
    public async Task<IReadOnlyList<long>> Post(int count, int firstAmount = 1)
    {
        var sequences = new List<long>();
        for (var i = 0; i < count; i++)
        {
            await using var session = Ledger.LightweightSession();
            var account = $"acct-{(firstAmount + i) % 3}";
            var appended = session.Events.Append(account, new EntryPosted(account, firstAmount + i, $"entry {firstAmount + i}"));
            await session.SaveChangesAsync();
            sequences.Add(appended.Events[^1].Sequence);
        }
        return sequences;
    }

    public Task WaitUntilSealed(long leaves, TimeSpan? timeout = null) => WaitUntilSealed(ConnectionString, LedgerSchema, leaves, timeout);

    public static async Task WaitUntilSealed(string connectionString, string schema, long leaves, TimeSpan? timeout = null)
    {
        var deadline = Patience.DeadlineAfter(timeout ?? TimeSpan.FromSeconds(30));
        long sealedCount = 0;
        while (DateTime.UtcNow < deadline)
        {
            sealedCount = await SealedCount(connectionString, schema);
            if (sealedCount >= leaves)
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{schema}: {sealedCount} of {leaves} events sealed");
    }

    /// <summary>
    /// The sealing subscription's stored progress (Marten's mt_event_progression), committed in the same transaction as
    /// the page's leaves: once it is at the last event, the sealer has processed every event there is.
    /// </summary>
    public static async Task<long> SealingProgress(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name like '{SealingSubscriptionName}%'", connection);
        try
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    private const string SealingSubscriptionName = global::Roaming.Platform.Sealing.SealingSubscription<ILedgerStore>.SubscriptionName;

    public static async Task<long> SealedCount(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        try
        {
            return await SealedLeaves.Count(connection, schema, CancellationToken.None);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    public static async Task<List<SealedLeaves.Leaf>> Leaves(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var leaves = new List<SealedLeaves.Leaf>();
        await foreach (var leaf in SealedLeaves.Read(connection, schema, 0, long.MaxValue, CancellationToken.None))
            leaves.Add(leaf);
        return leaves;
    }

    public static async Task<List<CanonicalEvent>> Events(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var events = new List<CanonicalEvent>();
        await foreach (var stored in StoredEvents.ReadRange(connection, schema, long.MinValue, long.MaxValue, CancellationToken.None))
            events.Add(stored);
        return events;
    }

    public async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> Scalar(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
