using System.Collections.Concurrent;
using Npgsql;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Objects.Sending;

/// <summary>One page of stored JSON documents, where it ended, whether more follow, and how many match in all.</summary>
public sealed record DocumentPage(IReadOnlyList<string> Jsons, PageCursor? Last, bool More, int Total);

/// <summary>
/// The paging every OCPI sender list shares (our own objects, the hub's objects), in PostgreSQL: only the page's rows
/// leave the database. Order: first storage time, then id, so an object keeps its place when it is updated between two
/// pages. A page after our own Link starts after the cursor (keyset); a bare offset is skipped in the query; one row more
/// than the page tells whether a next page exists. X-Total-Count comes from a count query remembered per filter until
/// the next OCPI event is written (every change of a listed document is one), so following Links through a million
/// objects counts once, not once a page.
/// </summary>
internal sealed class DocumentPageReader(IOcpiStore store)
{
    // The same expressions as the Marten indexes of OcpiModule (mt_doc_ocpiobject_idx_list_order, _list_dates), so
    // PostgreSQL walks the order index and stops after one page. Ids compare in the database's collation (C.UTF-8 on
    // ours: ordinal); keyset and order use the same one, so no page skips or repeats.
    private const string Order = "(d.data ->> 'firstStoredTicks')::bigint";
    private const string IdOrder = "d.id";
    private const int RememberedTotals = 1_000;

    private readonly ConcurrentDictionary<string, (long EventSequence, int Total)> _totals = new();

    /// <param name="table">The document table in the OCPI schema, e.g. <c>mt_doc_ocpiobject</c>.</param>
    /// <param name="filter">The WHERE clause over <c>d</c>, shared by the count and the page.</param>
    /// <param name="totalKey">What identifies the filter's values, for the remembered count.</param>
    /// <param name="command">A command for the SQL with the filter's parameters bound.</param>
    public async Task<DocumentPage> Read(string table, string filter, string totalKey, PageRequest page,
        Func<NpgsqlConnection, string, NpgsqlCommand> command, CancellationToken cancellation)
    {
        var from = $"{store.Options.DatabaseSchemaName}.{table}";
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        var sequence = await EventSequence(connection, store.Options.Events.DatabaseSchemaName, cancellation);
        int total;
        if (_totals.TryGetValue(totalKey, out var remembered) && remembered.EventSequence == sequence)
            total = remembered.Total;
        else
        {
            await using var count = command(connection, $"select count(*) from {from} d where {filter}");
            total = (int)(long)(await count.ExecuteScalarAsync(cancellation))!;
            if (_totals.Count >= RememberedTotals)
                _totals.Clear();
            _totals[totalKey] = (sequence, total);
        }

        var sql = $"select {Order}, {IdOrder}, d.data ->> 'json' from {from} d where {filter}" +
                  (page.After is null ? "" : $" and ({Order}, {IdOrder}) > (@after_ticks, @after_id)") +
                  $" order by {Order}, {IdOrder} limit @take" + (page.After is null ? " offset @skip" : "");
        await using var select = command(connection, sql);
        select.Parameters.AddWithValue("take", page.Limit + 1);
        if (page.After is null)
            select.Parameters.AddWithValue("skip", page.Offset);
        else
        {
            select.Parameters.AddWithValue("after_ticks", page.After.FirstStoredTicks);
            select.Parameters.AddWithValue("after_id", page.After.Id);
        }
        var jsons = new List<string>(page.Limit);
        PageCursor? last = null;
        var more = false;
        await using (var reader = await select.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                if (jsons.Count == page.Limit)
                {
                    more = true;
                    break;
                }
                last = new PageCursor(reader.GetInt64(0), reader.GetString(1));
                jsons.Add(reader.GetString(2));
            }
        }
        return new DocumentPage(jsons, last, more, total);
    }

    /// <summary>The last event sequence number handed out: it moves with every write of an OCPI object.</summary>
    private static async Task<long> EventSequence(NpgsqlConnection connection, string eventSchema, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select last_value from {eventSchema}.mt_events_sequence", connection);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
