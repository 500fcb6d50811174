using Npgsql;

namespace Roaming.Testing;

/// <summary>A database created fresh for a test or a benchmark run (benchmarks use fixed names the commands in docs/benchmarks.md give).</summary>
public static class PostgresDatabase
{
    /// <summary>Drops and creates <paramref name="name"/> on <paramref name="server"/>; returns its connection string.</summary>
    public static async Task<string> Recreate(string server, string name)
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}
