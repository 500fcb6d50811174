using JasperFx.Events;
using Marten;

namespace Roaming.Platform.Marten;

/// <summary>
/// Appending to streams that another writer may append to at the same moment, when an inline single-stream projection
/// folds them. Marten's default append mode (Quick) does not refuse a concurrent append to the same stream: each
/// session folds its events into the document as it read it, and the later commit overwrites the earlier one's
/// document. A job recording "version 1 sent" while a consumer queues version 2 then leaves the document at
/// "nothing pending" and version 2 is never sent. Locking each stream first (<c>FOR UPDATE</c> until the commit) makes
/// every fold start from the document as the previous commit left it.
/// </summary>
public static class StreamLocks
{
    /// <summary>
    /// Locks <paramref name="streamKeys"/> for this session's transaction, in ordinal order so that two writers locking
    /// overlapping sets never deadlock, and returns each stream with its current aggregate (null for a stream with no
    /// events yet). Append through the returned streams.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IEventStream<T>>> FetchAllForExclusiveWriting<T>(this IDocumentSession session,
        IEnumerable<string> streamKeys, CancellationToken cancellationToken) where T : class
    {
        var streams = new Dictionary<string, IEventStream<T>>(StringComparer.Ordinal);
        foreach (var key in streamKeys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            streams[key] = await session.Events.FetchForExclusiveWriting<T>(key, cancellationToken);
        return streams;
    }

    /// <summary>
    /// For writers that decide from documents they store themselves (no projection to fold into): opens the session's
    /// transaction and locks the existing streams among <paramref name="streamKeys"/> until its commit, in one query, in
    /// ordinal order. Read the state after this call. A stream not started yet is not locked: two writers that both start
    /// it cannot both commit.
    /// </summary>
    public static async Task LockExisting(this IDocumentSession session, IEnumerable<string> streamKeys, CancellationToken cancellationToken)
    {
        var sorted = streamKeys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (sorted.Length == 0)
            return;
        await session.BeginTransactionAsync(cancellationToken);
        await session.QueryAsync<string>(
            $"select id from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams where id = any(?) order by id collate \"C\" for update",
            cancellationToken, new object[] { sorted });
    }
}
