using System.Text.Json;
using Npgsql;

namespace Roaming.Audit.Checkpoints;

/// <summary>Reads the signed checkpoints of a service straight from the audit store's event table (no Marten needed, so the CLI can too).</summary>
public static class CheckpointHistory
{
    public static Task<IReadOnlyList<CheckpointSigned>> Read(NpgsqlConnection connection, string auditSchema, string service,
        CancellationToken cancellation) =>
        Query(connection, auditSchema, service, "order by seq_id", cancellation);

    /// <summary>The newest checkpoint only: the signer asks every round, and the stream grows by one a minute.</summary>
    public static async Task<CheckpointSigned?> ReadLatest(NpgsqlConnection connection, string auditSchema, string service, CancellationToken cancellation) =>
        (await Query(connection, auditSchema, service, "order by seq_id desc limit 1", cancellation)).SingleOrDefault();

    private static async Task<IReadOnlyList<CheckpointSigned>> Query(NpgsqlConnection connection, string auditSchema, string service, string orderAndLimit,
        CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select data::text from {auditSchema}.mt_events where stream_id = @stream and type = '{CheckpointSigned.EventTypeName}' {orderAndLimit}",
            connection);
        command.Parameters.AddWithValue("stream", CheckpointSigned.StreamKey(service));
        var checkpoints = new List<CheckpointSigned>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
                checkpoints.Add(JsonSerializer.Deserialize<CheckpointSigned>(reader.GetString(0), AuditJson.Options)!);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The audit service never ran against this database: no checkpoints yet.
        }
        return checkpoints;
    }
}
