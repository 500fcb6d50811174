using System.Collections.Concurrent;
using Npgsql;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Broadcast;

/// <summary>One page of hub objects as stored JSON, where it ended, whether more follow, and how many match in all.</summary>
public sealed record HubObjectPage(IReadOnlyList<string> Jsons, PageCursor? Last, bool More, int Total);

/// <summary>
/// A page of the hub's objects of one module that a caller may read, in PostgreSQL (only the page's rows leave the
/// database): those owned by one of <c>owners</c> (locations, tariffs, tokens of the parties connected with the caller)
/// or shared with one of <c>sharedWith</c> (CDRs of the caller's e-MSP parties). Same order, keyset and date filters as
/// our own sender lists (<see cref="Objects.Sending.OwnObjectPages"/>): first storage time, then id. X-Total-Count is counted
/// once per filter until the next OCPI event is written (every hub object change is one), so following the Links through a
/// long list counts once, not once a page.
/// </summary>
public sealed class HubObjectPages(IOcpiStore store)
{
    private const string Order = "(d.data ->> 'firstStoredTicks')::bigint";
    private const int RememberedTotals = 1_000;

    private readonly ConcurrentDictionary<string, (long EventSequence, int Total)> _totals = new();

    /// <param name="owners">Owner parties (<c>CC*PID</c>) whose objects are visible; null: filter by <paramref name="sharedWith"/>.</param>
    public async Task<HubObjectPage> Read(string module, PageRequest page, IReadOnlyList<string>? owners, IReadOnlyList<string>? sharedWith,
        CancellationToken cancellation)
    {
        var parties = (owners ?? sharedWith ?? []).Select(p => p.ToUpperInvariant()).Distinct().ToArray();
        if (parties.Length == 0)
            return new HubObjectPage([], null, false, 0);
        var filter = "d.data ->> 'module' = @module and d.data ->> " + (owners is not null ? "'party'" : "'sharedWithParty'") + " = any(@parties)";
        if (page.DateFrom is not null)
            filter += " and (d.data ->> 'lastUpdatedTicks')::bigint >= @date_from";
        if (page.DateTo is not null)
            filter += " and (d.data ->> 'lastUpdatedTicks')::bigint < @date_to";
        var table = $"{store.Options.DatabaseSchemaName}.mt_doc_hubobject";

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        var totalKey = $"{module}|{owners is null}|{page.DateFrom}|{page.DateTo}|{string.Join(',', parties)}";
        var sequence = await Objects.Sending.OwnObjectPages.EventSequence(connection, store.Options.Events.DatabaseSchemaName, cancellation);
        int total;
        if (_totals.TryGetValue(totalKey, out var remembered) && remembered.EventSequence == sequence)
            total = remembered.Total;
        else
        {
            await using var count = Command(connection, $"select count(*) from {table} d where {filter}", module, page, parties);
            total = (int)(long)(await count.ExecuteScalarAsync(cancellation))!;
            if (_totals.Count >= RememberedTotals)
                _totals.Clear();
            _totals[totalKey] = (sequence, total);
        }

        var sql = $"select {Order}, d.id, d.data ->> 'json' from {table} d where {filter}" +
                  (page.After is null ? "" : $" and ({Order}, d.id) > (@after_ticks, @after_id)") +
                  $" order by {Order}, d.id limit @take" + (page.After is null ? " offset @skip" : "");
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
        return new HubObjectPage(jsons, last, more, total);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, string module, PageRequest page, string[] parties)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("module", module);
        command.Parameters.AddWithValue("parties", parties);
        if (page.DateFrom is { } from)
            command.Parameters.AddWithValue("date_from", from.ToUnixTimeTicks());
        if (page.DateTo is { } to)
            command.Parameters.AddWithValue("date_to", to.ToUnixTimeTicks());
        return command;
    }
}
