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
    private readonly Objects.Sending.DocumentPageReader _pages = new(store);

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
        var totalKey = $"{module}|{owners is null}|{page.DateFrom}|{page.DateTo}|{string.Join(',', parties)}";
        var read = await _pages.Read("mt_doc_hubobject", filter, totalKey, page, (connection, sql) => Command(connection, sql, module, page, parties),
            cancellation);
        return new HubObjectPage(read.Jsons, read.Last, read.More, read.Total);
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
