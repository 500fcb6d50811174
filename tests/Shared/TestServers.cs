using Npgsql;

namespace Roaming.Testing;

/// <summary>
/// The PostgreSQL and RabbitMQ servers that infra/test starts on loopback (infra/local/*). Each test class gets a
/// database of its own, created fresh, so test classes never see each other's data; its name carries a suffix per
/// checkout, so two checkouts testing against the same server at the same time never drop each other's databases.
/// </summary>
public static class TestServers
{
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("ROAMING_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres";

    public static string RabbitMq =>
        Environment.GetEnvironmentVariable("ROAMING_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:55672/";

    /// <summary>
    /// <c>ROAMING_TEST_ISOLATION</c> when set, else six hex digits of the SHA-256 of the checkout's path: the same on
    /// every run of one checkout (nothing piles up on the server), different between checkouts.
    /// </summary>
    public static string CheckoutSuffix { get; } = Environment.GetEnvironmentVariable("ROAMING_TEST_ISOLATION") is { Length: > 0 } isolation
        ? isolation
        : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(RepositoryRoot)))[..6];

    /// <summary>Drops and creates <paramref name="database"/> (suffixed per checkout); returns its connection string.</summary>
    public static async Task<string> FreshDatabase(string database)
    {
        // PostgreSQL truncates identifiers at 63 bytes; keep the suffix, which is what separates checkouts.
        var suffix = "_" + CheckoutSuffix;
        database = database[..Math.Min(database.Length, 63 - suffix.Length)] + suffix;
        return await PostgresDatabase.Recreate(PostgresServer, database);
    }

    /// <summary>Drops the database of <paramref name="connection"/> (a connection string from <see cref="FreshDatabase"/>), best effort.</summary>
    public static async Task DropDatabase(string connection)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(connection));
        var database = new NpgsqlConnectionStringBuilder(connection).Database;
        var admin = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false };
        try
        {
            await using var server = new NpgsqlConnection(admin.ConnectionString);
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // A leftover database is harmless: the next FreshDatabase of that name drops it first.
        }
    }

    public static int FreeTcpPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The repository root (where Roaming.sln is), found from the test's working directory.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Roaming.sln")))
                directory = directory.Parent;
            return directory?.FullName ?? throw new InvalidOperationException("Roaming.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
