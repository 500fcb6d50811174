using Npgsql;
using Serilog;

namespace Roaming.Host;

/// <summary>Checks PostgreSQL before anything else starts, and creates the configured database when it is missing.</summary>
internal static class PostgresPreflight
{
    public static async Task<bool> EnsureDatabase(string connectionString, CancellationToken cancellation)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellation);
            return true;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" };
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync(cancellation);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"")}\"", connection);
            await create.ExecuteNonQueryAsync(cancellation);
            Log.Information("Created database {Database} on {Host}:{Port}", target.Database, target.Host, target.Port);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            Log.Error(
                "Cannot reach PostgreSQL at {Host}:{Port}, database {Database} (from ROAMING_POSTGRES or the default): {Reason}. " +
                "Start the project's own server with `infra/local/postgres start`, or point ROAMING_POSTGRES at one.",
                target.Host, target.Port, target.Database, exception.Message);
            return false;
        }
    }
}
