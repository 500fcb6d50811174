using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Roaming.Platform.Marten;

/// <summary>Ready when the service's store answers a query.</summary>
internal sealed class StoreHealthCheck<TStore>(TStore store) : IHealthCheck where TStore : IDocumentStore
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var session = store.QuerySession();
            await session.QueryAsync<int>("select 1", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("event store unreachable", exception);
        }
    }
}
