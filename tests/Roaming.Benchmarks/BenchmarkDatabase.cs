using Npgsql;

namespace Roaming.Benchmarks;

/// <summary>Benchmarks run on a database of a fixed, documented name, created fresh each run (the README's commands name it).</summary>
public static class BenchmarkDatabase
{
    /// <summary>Drops and creates <paramref name="name"/> on <paramref name="server"/>; returns its connection string.</summary>
    public static async Task<string> Fresh(string server, string name)
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
