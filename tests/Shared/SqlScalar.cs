using Npgsql;

namespace Roaming.Testing;

/// <summary>Counts read straight from a test or benchmark database, bypassing the code under test.</summary>
public static class SqlScalar
{
    /// <summary>The bigint <paramref name="sql"/> answers (a count); 0 while its table does not exist yet (a host creates its schema at start).</summary>
    public static async Task<long> Read(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }
}
