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
/// A page of our own objects of one module, read in PostgreSQL (<see cref="DocumentPageReader"/>: order, keyset, counted
/// totals). Filters: not removed, date_from (inclusive) / date_to (exclusive) on last_updated, the caller's parties.
/// </summary>
public sealed class OwnObjectPages(IOcpiStore store)
{
    private readonly DocumentPageReader _pages = new(store);

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
        var filter = Filter(page, visibility);
        var totalKey = $"{module}|{page.DateFrom}|{page.DateTo}|{string.Join(',', parties ?? [])}";
        var read = await _pages.Read("mt_doc_ocpiobject", filter, totalKey, page, (connection, sql) => Command(connection, sql, module, page, parties),
            cancellation);
        return new OwnObjectPage(read.Jsons, read.Last, read.More, read.Total);
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
}
