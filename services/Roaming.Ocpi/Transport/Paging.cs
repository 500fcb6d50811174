using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using NodaTime;
using Roaming.Protocols.Ocpi;

namespace Roaming.Ocpi.Transport;

/// <summary>The pagination parameters of a list GET: date_from inclusive, date_to exclusive, on last_updated.</summary>
public sealed record PageRequest(Instant? DateFrom, Instant? DateTo, int Offset, int Limit)
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
        return error is null ? new PageRequest(from, to, offset, Math.Min(limit, MaxLimit)) : null;
    }

    public static OcpiResult Page<T>(HttpRequest request, PageRequest page, IReadOnlyList<T> items, int total)
    {
        var result = OcpiResult.Ok(items)
            .WithHeader("X-Total-Count", total.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithHeader("X-Limit", page.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var next = NextOffset(page, items.Count, total);
        if (next is not null)
            result.WithHeader("Link", $"<{NextUrl(request, next.Value, page.Limit)}>; rel=\"next\"");
        return result;
    }

    public static int? NextOffset(PageRequest page, int returned, int total) =>
        page.Offset + returned < total && returned > 0 ? page.Offset + returned : null;

    /// <summary>The same URL with every filter repeated and the offset moved on.</summary>
    public static string NextUrl(HttpRequest request, int offset, int limit)
    {
        var query = request.Query.Where(pair => pair.Key is not ("offset" or "limit"))
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)))
            .Append(new("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(new("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString($"{OcpiUrls.BaseUrl(request)}{request.PathBase}{request.Path}", query);
    }

    public static bool TryInstant(string text, out Instant? instant)
    {
        instant = OcpiDateTime.TryParse(text);
        return instant is not null;
    }
}
