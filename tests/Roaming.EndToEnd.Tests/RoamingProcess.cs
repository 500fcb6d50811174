using System.Net.Http.Headers;
using Npgsql;
using Roaming.Testing;

namespace Roaming.EndToEnd.Tests;

/// <summary>The real <c>roaming run</c> executable on a free loopback port, against its own fresh database.</summary>
public sealed class RoamingProcess : IAsyncDisposable
{
    public const string AdminKey = "e2e-admin-key";

    private readonly ChildProcess _process;

    private RoamingProcess(ChildProcess process, string url, string database)
    {
        _process = process;
        Url = url;
        Database = database;
        Api = new HttpClient { BaseAddress = new Uri(url) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public string Url { get; }
    public string WebSocketUrl => Url.Replace("http://", "ws://");
    public string Database { get; }
    public HttpClient Api { get; }
    public string Output => _process.Output;

    public static Task<RoamingProcess> Start(string databaseName, params string[] extraArguments) =>
        Start(databaseName, new Dictionary<string, string>(), extraArguments);

    public static async Task<RoamingProcess> Start(string databaseName, IDictionary<string, string> environment, params string[] extraArguments) =>
        await StartOn(await TestServers.FreshDatabase(databaseName), environment, extraArguments);

    /// <summary>On an existing database (seeded before, or left by a process that was killed).</summary>
    public static async Task<RoamingProcess> StartOn(string database, IDictionary<string, string> environment, params string[] extraArguments)
    {
        var url = $"http://127.0.0.1:{TestServers.FreeTcpPort()}";
        var variables = new Dictionary<string, string>
        {
            ["ROAMING_POSTGRES"] = database,
            ["ROAMING_ADMIN_KEY"] = AdminKey,
            ["ROAMING_PARTY"] = "NL*TNM",
            ["ROAMING_RABBITMQ"] = TestServers.RabbitMq,
        };
        foreach (var (name, value) in environment)
            variables[name] = value;
        var process = ChildProcess.Start("dotnet", [Executable, "run", "--urls", url, .. extraArguments], variables);
        var roaming = new RoamingProcess(process, url, database);
        await process.WaitUntilReady(url, TimeSpan.FromSeconds(90));
        return roaming;
    }

    /// <summary>The built <c>roaming</c> host of the same configuration as the tests.</summary>
    public static string Executable => Path.Combine(TestServers.RepositoryRoot, "services", "Roaming.Host", "bin",
        AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug", "net10.0", "roaming.dll");

    public sealed record CliRun(int ExitCode, string Output);

    /// <summary>Runs one <c>roaming</c> command (audit, replay, ...) against this instance's database, to its exit.</summary>
    public async Task<CliRun> Cli(IDictionary<string, string> environment, params string[] arguments)
    {
        var variables = new Dictionary<string, string>(environment) { ["ROAMING_POSTGRES"] = Database };
        await using var cli = ChildProcess.Start("dotnet", [Executable, .. arguments], variables);
        var exitCode = await cli.WaitForExit(TimeSpan.FromSeconds(120));
        return new CliRun(exitCode, cli.Output);
    }

    /// <summary>SIGKILL: no shutdown, no flush; whatever was not committed is lost.</summary>
    public void KillHard() => _process.KillHard();

    public Task<long> Count(string sql) => SqlScalar.Read(Database, sql);

    /// <summary>Waits until a SQL count reaches <paramref name="expected"/> (async projections and consumers are eventually consistent).</summary>
    public async Task WaitForCount(string sql, long expected, TimeSpan timeout)
    {
        var deadline = Patience.DeadlineAfter(timeout);
        long count = -1;
        while (DateTime.UtcNow < deadline)
        {
            await using var connection = new NpgsqlConnection(Database);
            await connection.OpenAsync();
            try
            {
                await using var command = new NpgsqlCommand(sql, connection);
                count = (long)(await command.ExecuteScalarAsync())!;
                if (count >= expected)
                    return;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"'{sql}' stayed at {count}, expected {expected}. Output:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _process.DisposeAsync();
    }
}
