using System.Collections.Concurrent;
using Npgsql;
using Roaming.Ocpi.Partners;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Objects.Sending;

/// <summary>Who may see which of our objects of one module, as the database filters it.</summary>
public enum ListVisibility
{
    /// <summary>Every partner sees every object (locations, tariffs, tokens).</summary>
    Everyone,
    /// <summary>Only the platform of the party the object is shared with (sessions, CDRs): <see cref="SendObjects.Visible"/>.</summary>
    SharedParty,
    /// <summary>The platforms of the owning party and of the party it is shared with (invoice reconciliation records).</summary>
    EitherParty,
}

/// <summary>One page of our objects as stored JSON, where it ended, whether more follow, and how many match in all.</summary>
public sealed record OwnObjectPage(IReadOnlyList<string> Jsons, PageCursor? Last, bool More, int Total);

/// <summary>
/// A page of our own objects of one module, read in PostgreSQL: only that page's rows leave the database, whatever the
/// module holds. Filters: not removed, date_from (inclusive) / date_to (exclusive) on last_updated, the caller's
/// parties. Order: first storage time, then id (ordinal), so an object keeps its place when it is updated between two
/// pages. A page after our own Link starts after the cursor (keyset); a bare offset is skipped in the query.
/// X-Total-Count comes from a count query, remembered per filter until the next OCPI event is written (every change of
/// an <see cref="OcpiObject"/> is one), so following Links through a million objects counts once, not once a page.
/// </summary>
public sealed class OwnObjectPages(IOcpiStore store)
{
    // The same expressions as the Marten indexes of OcpiModule (mt_doc_ocpiobject_idx_list_order, _list_dates), so
    // PostgreSQL walks the order index and stops after one page. Ids compare in the database's collation (C.UTF-8 on
    // ours: ordinal, as the in-memory lists were); keyset and order use the same one, so no page skips or repeats.
    private const string Order = "(d.data ->> 'firstStoredTicks')::bigint";
    private const string IdOrder = "d.id";
    private const int RememberedTotals = 1_000;

    private readonly ConcurrentDictionary<string, (long EventSequence, int Total)> _totals = new();

    public static ListVisibility VisibilityOf(string module) => module switch
    {
        Modules.Sessions or Modules.Cdrs => ListVisibility.SharedParty,
        Modules.InvoiceReconciliation => ListVisibility.EitherParty,
        _ => ListVisibility.Everyone,
    };

    public async Task<OwnObjectPage> Read(string module, PageRequest page, Partner caller, CancellationToken cancellation)
    {
        var visibility = VisibilityOf(module);
        var parties = visibility == ListVisibility.Everyone ? null : caller.PartiesSpokenFor().ToArray();
        var schema = store.Options.DatabaseSchemaName;
        var filter = Filter(page, visibility);

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);

        var totalKey = $"{module}|{page.DateFrom}|{page.DateTo}|{string.Join(',', parties ?? [])}";
        var sequence = await EventSequence(connection, store.Options.Events.DatabaseSchemaName, cancellation);
        int total;
        if (_totals.TryGetValue(totalKey, out var remembered) && remembered.EventSequence == sequence)
            total = remembered.Total;
        else
        {
            await using var count = Command(connection, $"select count(*) from {schema}.mt_doc_ocpiobject d where {filter}", module, page, parties);
            total = (int)(long)(await count.ExecuteScalarAsync(cancellation))!;
            if (_totals.Count >= RememberedTotals)
                _totals.Clear();
            _totals[totalKey] = (sequence, total);
        }

        // One row more than the page: whether a next page exists is what the query saw, not a count that may be older.
        var sql = $"select {Order}, d.id, d.data ->> 'json' from {schema}.mt_doc_ocpiobject d where {filter}" +
                  (page.After is null ? "" : $" and ({Order}, {IdOrder}) > (@after_ticks, @after_id)") +
                  $" order by {Order}, {IdOrder} limit @take" + (page.After is null ? " offset @skip" : "");
        await using var select = Command(connection, sql, module, page, parties);
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
        return new OwnObjectPage(jsons, last, more, total);
    }

    /// <summary>The WHERE clause shared by the count and the page (parameters: module, date_from, date_to, parties); ours and
    /// not removed is <see cref="OcpiObject.ListedIn"/>.</summary>
    private static string Filter(PageRequest page, ListVisibility visibility)
    {
        var filter = "d.data ->> 'listedIn' = @module";
        if (page.DateFrom is not null)
            filter += " and (d.data ->> 'lastUpdatedTicks')::bigint >= @date_from";
        if (page.DateTo is not null)
            filter += " and (d.data ->> 'lastUpdatedTicks')::bigint < @date_to";
        return visibility switch
        {
            ListVisibility.SharedParty => filter + " and d.data ->> 'sharedWithParty' = any(@parties)",
            ListVisibility.EitherParty => filter + " and (d.data ->> 'party' = any(@parties) or d.data ->> 'sharedWithParty' = any(@parties))",
            _ => filter,
        };
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, string module, PageRequest page, string[]? parties)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("module", module);
        if (parties is not null)
            command.Parameters.AddWithValue("parties", parties);
        if (page.DateFrom is { } from)
            command.Parameters.AddWithValue("date_from", from.ToUnixTimeTicks());
        if (page.DateTo is { } to)
            command.Parameters.AddWithValue("date_to", to.ToUnixTimeTicks());
        return command;
    }

    /// <summary>The last event sequence number handed out: it moves with every write of an OCPI object.</summary>
    internal static async Task<long> EventSequence(NpgsqlConnection connection, string eventSchema, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select last_value from {eventSchema}.mt_events_sequence", connection);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
