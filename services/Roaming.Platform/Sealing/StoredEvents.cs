using System.Runtime.CompilerServices;
using Npgsql;

namespace Roaming.Platform.Sealing;

/// <summary>Reads events from a service's <c>mt_events</c> in the canonical text forms (see <see cref="CanonicalEvent"/>).</summary>
public static class StoredEvents
{
    private const string Columns =
        "seq_id, id, stream_id::text, version, type, timestamp, correlation_id, causation_id, headers::text, data::text";

    public static async Task<IReadOnlyList<CanonicalEvent>> ReadSequences(NpgsqlConnection connection, string schema,
        long[] sequences, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select {Columns} from {schema}.mt_events where seq_id = any(@sequences) order by seq_id", connection);
        command.Parameters.AddWithValue("sequences", sequences);
        var events = new List<CanonicalEvent>(sequences.Length);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            events.Add(Read(reader));
        return events;
    }

    /// <summary>Events with <paramref name="fromSequence"/> &lt;= seq &lt;= <paramref name="toSequence"/>, in sequence order.</summary>
    public static async IAsyncEnumerable<CanonicalEvent> ReadRange(NpgsqlConnection connection, string schema,
        long fromSequence, long toSequence, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select {Columns} from {schema}.mt_events where seq_id between @from and @to order by seq_id", connection);
        command.Parameters.AddWithValue("from", fromSequence);
        command.Parameters.AddWithValue("to", toSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            yield return Read(reader);
    }

    private static CanonicalEvent Read(NpgsqlDataReader reader) => new(
        Sequence: reader.GetInt64(0),
        Id: reader.GetGuid(1),
        StreamKey: reader.GetString(2),
        Version: reader.GetInt64(3),
        Type: reader.GetString(4),
        Timestamp: CanonicalEvent.FormatTimestamp(reader.GetDateTime(5)),
        CorrelationId: reader.IsDBNull(6) ? null : reader.GetString(6),
        CausationId: reader.IsDBNull(7) ? null : reader.GetString(7),
        Headers: reader.IsDBNull(8) ? null : reader.GetString(8),
        Data: reader.GetString(9));
}
