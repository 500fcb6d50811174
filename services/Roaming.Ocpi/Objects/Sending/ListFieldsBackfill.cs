using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Roaming.Ocpi.Objects.Sending;

/// <summary>
/// At start-up, gives <see cref="OcpiObject"/> documents stored before the sender lists paged in the database the
/// computed members those lists filter on (<see cref="OcpiObject.ListedIn"/>, the ticks, the parties), computed in SQL
/// from the document's own fields exactly as the record computes them. Without it such objects would be missing from
/// every list until they next change. Only documents without <c>listedIn</c> are touched, so it is a no-op once done.
/// </summary>
public sealed class ListFieldsBackfill(IOcpiStore store, ILogger<ListFieldsBackfill> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var table = $"{store.Options.DatabaseSchemaName}.mt_doc_ocpiobject";
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"update {table} set data = data || jsonb_build_object(" +
            "'listedIn', case when data ->> 'owner' = 'self' and not coalesce((data ->> 'removed')::boolean, false) then data ->> 'module' end, " +
            "'lastUpdatedTicks', floor(extract(epoch from (data ->> 'lastUpdated')::timestamptz) * 10000000)::bigint, " +
            "'firstStoredTicks', floor(extract(epoch from (data ->> 'firstStoredAt')::timestamptz) * 10000000)::bigint, " +
            "'party', upper((data ->> 'countryCode') || '*' || (data ->> 'partyId')), " +
            "'sharedWithParty', upper((data ->> 'sharedWithCountryCode') || '*' || (data ->> 'sharedWithPartyId'))) " +
            "where not data ? 'listedIn'", connection) { CommandTimeout = 0 };
        try
        {
            var updated = await command.ExecuteNonQueryAsync(cancellationToken);
            if (updated > 0)
                logger.LogInformation("Gave {Count} OCPI objects stored before database paging the fields the sender lists filter on", updated);
        }
        catch (PostgresException missing) when (missing.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            // A new database: Marten creates the table on first use, with nothing to backfill.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
