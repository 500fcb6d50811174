using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Http;

namespace Roaming.Platform.Http;

/// <summary>Offset/limit paging of the operator API's lists: offset from 0, limit 1 to 1000, 50 when absent.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    /// <summary>The number of items in the whole list (all pages), on every paged operator API answer.</summary>
    public const string TotalCountHeader = "X-Total-Count";

    public static IQueryable<T> Page<T>(this IQueryable<T> query, int? offset, int? limit) =>
        query.Skip(Math.Max(0, offset ?? 0)).Take(Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit));

    /// <summary>
    /// One page of an ordered Marten query, with the size of the whole list in <see cref="TotalCountHeader"/>. The page and
    /// the count come in one round trip (<c>count(*) over ()</c>); only a page past the end counts again, as it has no
    /// row to carry the total.
    /// </summary>
    public static async Task<IReadOnlyList<T>> ToPageAsync<T>(this IQueryable<T> ordered, int? offset, int? limit, HttpResponse response,
        CancellationToken cancellation) where T : notnull
    {
        var page = await ordered.Stats(out var statistics).Page(offset, limit).ToListAsync(cancellation);
        var total = page.Count == 0 && offset > 0 ? await ordered.CountAsync(cancellation) : statistics.TotalResults;
        response.Headers[TotalCountHeader] = total.ToString(CultureInfo.InvariantCulture);
        return page;
    }
}
