using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using NodaTime;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Transport;

/// <summary>
/// The pagination parameters of a list GET: date_from inclusive, date_to exclusive, on last_updated. <see cref="After"/>
/// is the position our own Link header adds: the page starts after that object instead of skipping
/// <see cref="Offset"/> rows, so a client following Links reads a million objects without the database counting
/// its way past all earlier pages, and misses none when an earlier object is removed meanwhile.
/// </summary>
public sealed record PageRequest(Instant? DateFrom, Instant? DateTo, int Offset, int Limit, PageCursor? After = null)
{
    public bool Matches(Instant lastUpdated) =>
        (DateFrom is null || lastUpdated >= DateFrom) && (DateTo is null || lastUpdated < DateTo);
}

/// <summary>
/// Reads pagination parameters and writes the page headers: <c>X-Total-Count</c> (matching objects visible to this
/// client), <c>X-Limit</c> (our maximum page size, even on a short page) and <c>Link: &lt;next&gt;; rel="next"</c>
/// repeating every filter, only when there is a next page (ocpi.md 2.7).
/// </summary>
public static class Paging
{
    public const int MaxLimit = 100;

    public static PageRequest? Parse(IQueryCollection query, out string? error)
    {
        error = null;
        Instant? from = null, to = null;
        if (query.TryGetValue("date_from", out var fromText) && !TryInstant(fromText.ToString(), out from))
            error = "date_from must be an OCPI DateTime";
        if (query.TryGetValue("date_to", out var toText) && !TryInstant(toText.ToString(), out to))
            error = "date_to must be an OCPI DateTime";
        var offset = 0;
        if (query.TryGetValue("offset", out var offsetText) && (!int.TryParse(offsetText, out offset) || offset < 0))
            error = "offset must be a whole number >= 0";
        var limit = MaxLimit;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, out limit) || limit < 1))
            error = "limit must be a whole number >= 1";
        PageCursor? after = null;
        if (query.TryGetValue("after", out var afterText) && (after = PageCursor.Parse(afterText.ToString())) is null)
            error = "after must be the value our Link header gave";
        return error is null ? new PageRequest(from, to, offset, Math.Min(limit, MaxLimit), after) : null;
    }

    /// <param name="last">Where the page ended, for the next page's <c>after</c> (null: the Link carries only the offset).</param>
    /// <param name="more">Whether the query saw an object past this page (null: judged from <paramref name="total"/>).</param>
    public static OcpiResult Page<T>(HttpRequest request, PageRequest page, IReadOnlyList<T> items, int total, PageCursor? last = null, bool? more = null)
    {
        var result = OcpiResult.Ok(items)
            .WithHeader("X-Total-Count", total.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithHeader("X-Limit", page.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var next = more is null ? NextOffset(page, items.Count, total) : more.Value && items.Count > 0 ? page.Offset + items.Count : (int?)null;
        if (next is not null)
            result.WithHeader("Link", $"<{NextUrl(request, next.Value, page.Limit, last)}>; rel=\"next\"");
        return result;
    }

    public static int? NextOffset(PageRequest page, int returned, int total) =>
        page.Offset + returned < total && returned > 0 ? page.Offset + returned : null;

    /// <summary>The same URL with every filter repeated and the offset moved on.</summary>
    public static string NextUrl(HttpRequest request, int offset, int limit, PageCursor? after = null)
    {
        var query = request.Query.Where(pair => pair.Key is not ("offset" or "limit" or "after"))
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)))
            .Append(new("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(new("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (after is not null)
            query = query.Append(new("after", after.ToString()));
        return QueryHelpers.AddQueryString($"{OcpiUrls.BaseUrl(request)}{request.PathBase}{request.Path}", query);
    }

    public static bool TryInstant(string text, out Instant? instant)
    {
        instant = OcpiDateTime.TryParse(text);
        return instant is not null;
    }
}

/// <summary>
/// The list position of the last object of a page: its first storage time (Unix ticks) and id, the list order.
/// Written into our Link header as <c>after=TICKS.ID</c> (base64url: ids hold slashes), read back from it.
/// </summary>
public sealed record PageCursor(long FirstStoredTicks, string Id)
{
    public override string ToString() =>
        Base64UrlTextEncoder.Encode(System.Text.Encoding.UTF8.GetBytes($"{FirstStoredTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{Id}"));

    public static PageCursor? Parse(string text)
    {
        try
        {
            var plain = System.Text.Encoding.UTF8.GetString(Base64UrlTextEncoder.Decode(text));
            var dot = plain.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 && dot < plain.Length - 1 && long.TryParse(plain.AsSpan(0, dot), System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                ? new PageCursor(ticks, plain[(dot + 1)..])
                : null;
        }
        catch (Exception invalid) when (invalid is FormatException or ArgumentException)
        {
            return null;
        }
    }
}
