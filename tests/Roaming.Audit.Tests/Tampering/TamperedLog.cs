using NodaTime;
using Roaming.Audit.Bundles;
using Roaming.Audit.Keys;
using Roaming.Audit.SealingHost;
using Roaming.Audit.Verification;
using Roaming.Platform.Hosting;
using Roaming.Platform.Marten;
using Roaming.Platform.Sealing;

namespace Roaming.Audit.Tests.Tampering;

/// <summary>
/// A sealed and signed ledger of 24 events with one burned sequence number in the middle (a rolled-back append),
/// and the host stopped, so that the test can tamper with the tables behind the application's back.
/// </summary>
public sealed record TamperedLog(string ConnectionString, RoamingOptions Roaming, IReadOnlyList<SealedLeaves.Leaf> Leaves, long GapSequence,
    IReadOnlyList<AuditPublicKey> Keys)
{
    public string Schema => ServiceStores.SchemaName(Roaming, LedgerModule.ServiceName);
    public string AuditSchema => ServiceStores.SchemaName(Roaming, AuditModule.ServiceName);

    public static async Task<TamperedLog> Create(string connectionString)
    {
        await using var app = await AuditedApp.Start(connectionString);
        await app.Post(12);
        var gap = await app.Scalar($"select nextval('{app.LedgerSchema}.mt_events_sequence')");
        await app.Post(12, firstAmount: 13);
        await app.WaitUntilSealed(24, TimeSpan.FromSeconds(60));
        var checkpoints = await app.Signer.SignChanged(CancellationToken.None);
        if (!checkpoints.Any(c => c.Service == LedgerModule.ServiceName && c.TreeSize == 24))
            throw new InvalidOperationException("the ledger checkpoint was not signed");
        var leaves = await AuditedApp.Leaves(app.ConnectionString, app.LedgerSchema);
        return new TamperedLog(connectionString, app.Roaming, leaves, gap, app.PublicKeys);
    }

    public long IndexOf(long sequence) => Leaves.Single(l => l.Sequence == sequence).Index;

    public long SequenceAt(long index) => Leaves[(int)index].Sequence;

    public Task<VerificationReport> VerifyOnline() =>
        OnlineVerification.Run(ConnectionString, AuditSchema, LedgerModule.ServiceName, Schema, Keys, null, CancellationToken.None);

    public async Task<(VerificationReport Report, string Directory)> ExportAndVerifyOffline(SequenceOrInstant? from = null, SequenceOrInstant? to = null)
    {
        var directory = Directory.CreateTempSubdirectory("roaming-audit-bundle").FullName;
        await BundleExporter.Export(ConnectionString, new ExportRequest(LedgerModule.ServiceName, Schema, AuditSchema, from, to, directory), Keys,
            SystemClock.Instance.GetCurrentInstant(), null, CancellationToken.None);
        return (await OfflineVerification.Run(directory, Keys, null, CancellationToken.None), directory);
    }

    public async Task Sql(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
