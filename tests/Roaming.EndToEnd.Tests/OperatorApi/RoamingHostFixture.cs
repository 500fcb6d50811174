using Npgsql;
using Respawn;
using Respawn.Graph;

namespace Roaming.EndToEnd.Tests.OperatorApi;

/// <summary>
/// One real <c>roaming run</c> for a whole test class; Respawn empties its data before each test (not after, so a
/// failing test's state can be inspected). The async daemon's progress rows are kept: the process remembers its
/// position, and Marten's event sequence is not reset, so new events continue after it.
/// </summary>
public sealed class RoamingHostFixture : IAsyncLifetime
{
    private Respawner? _respawner;

    public RoamingProcess Roaming { get; private set; } = null!;

    public async Task InitializeAsync() => Roaming = await RoamingProcess.Start("roaming_e2e_operator_suite");

    public async Task Reset()
    {
        await using var connection = new NpgsqlConnection(Roaming.Database);
        await connection.OpenAsync();
        _respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["ingest", "network", "charging", "tokens"],
            TablesToIgnore = [new Table("mt_event_progression")],
        });
        await _respawner.ResetAsync(connection);
    }

    public async Task DisposeAsync() => await Roaming.DisposeAsync();
}
