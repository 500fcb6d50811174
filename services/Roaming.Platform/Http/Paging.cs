namespace Roaming.Platform.Http;

/// <summary>Offset/limit paging of the operator API's lists: offset from 0, limit 1 to 1000, 50 when absent.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    public static IQueryable<T> Page<T>(this IQueryable<T> query, int? offset, int? limit) =>
        query.Skip(Math.Max(0, offset ?? 0)).Take(Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit));
}
