using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Roaming.Platform.Sealing;

/// <summary>
/// The append-only leaf table of one service's Merkle tree, in the service's own schema:
/// <c>leaf_index</c> (position in the tree, 0..n-1, no holes), <c>seq_id</c> (the sealed event), <c>leaf_hash</c>.
/// Plain SQL rather than Marten documents: a page of leaves is one INSERT ... SELECT FROM unnest.
/// </summary>
public static class SealedLeaves
{
    public const string TableName = "roaming_sealed_leaves";

    public static string Table(string schema) => $"{schema}.{TableName}";

    /// <summary>Lets Marten create the table with the rest of the store's schema (ApplyAllDatabaseChangesOnStartup).</summary>
    public static void AddSealedLeavesTable(this StoreOptions options)
    {
        // The IdentifierUsage overload only changes quoting rules; our names are plain lower-case identifiers.
#pragma warning disable CS0618
        var table = new Table(new PostgresqlObjectName(options.Events.DatabaseSchemaName, TableName));
#pragma warning restore CS0618
        table.AddColumn<long>("leaf_index").AsPrimaryKey();
        table.AddColumn<long>("seq_id").NotNull();
        table.AddColumn("leaf_hash", "bytea").NotNull();
        // One leaf per event, enforced by the database: a replayed page can never add a second one.
        table.Indexes.Add(new IndexDefinition($"ix_{TableName}_seq_id") { Columns = ["seq_id"], IsUnique = true });
        options.Storage.ExtendedSchemaObjects.Add(table);
    }

    /// <summary>
    /// Appends a page of leaves after the current last one. The index comes from the table itself inside the
    /// subscription's transaction, so a retried or replayed page starts where the committed tree ends.
    /// </summary>
    public static string AppendSql(string schema) =>
        $"insert into {Table(schema)} (leaf_index, seq_id, leaf_hash) " +
        $"select coalesce((select max(leaf_index) + 1 from {Table(schema)}), 0) + u.ord - 1, u.seq, u.hash " +
        "from unnest(?::bigint[], ?::bytea[]) with ordinality as u(seq, hash, ord)";

    public sealed record Leaf(long Index, long Sequence, byte[] Hash);

    public static async Task<long> Count(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select coalesce(max(leaf_index) + 1, 0) from {Table(schema)}", connection);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>Leaves with <paramref name="fromIndex"/> &lt;= index &lt; <paramref name="toIndex"/>, in index order.</summary>
    public static async IAsyncEnumerable<Leaf> Read(NpgsqlConnection connection, string schema, long fromIndex, long toIndex,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select leaf_index, seq_id, leaf_hash from {Table(schema)} where leaf_index >= @from and leaf_index < @to order by leaf_index",
            connection);
        command.Parameters.AddWithValue("from", fromIndex);
        command.Parameters.AddWithValue("to", toIndex);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            yield return new Leaf(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader[2]);
    }
}
