using Marten;

namespace Roaming.Clearing.Cdrs;

/// <summary>
/// Locks CDR streams before their <see cref="ClearingCdr"/> states are read. Each writer (an upload, a provider's
/// confirmation, the operator's approve or decline) decides in memory from the state it read and stores the state it
/// derives, and Quick append never refuses a concurrent append to the same stream: without the lock the later commit
/// overwrites the earlier one's state and both decisions stand on the same old status. The same reason as
/// <c>Roaming.Platform.Marten.StreamLocks</c>, whose typed fetch does not apply here (<see cref="ClearingCdr"/> is stored
/// by its writers, not projected); like it, streams are locked in ordinal order so that overlapping batches never deadlock.
/// </summary>
public static class ClearingCdrLocks
{
    /// <summary>
    /// Opens the session's transaction and locks the existing streams among <paramref name="keys"/> until its commit. A
    /// stream not started yet is not locked: two first uploads of one CdrId both start it, and the second commit is refused.
    /// </summary>
    public static async Task LockExisting(IDocumentSession session, IEnumerable<string> keys, CancellationToken cancellation)
    {
        var sorted = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (sorted.Length == 0)
            return;
        await session.BeginTransactionAsync(cancellation);
        await session.QueryAsync<string>(
            $"select id from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams where id = any(?) order by id collate \"C\" for update",
            cancellation, new object[] { sorted });
    }
}
