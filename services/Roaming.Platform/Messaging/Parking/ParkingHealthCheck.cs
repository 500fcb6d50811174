using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Roaming.Platform.Messaging.Parking;

/// <summary>
/// Degraded (not unhealthy: everything else flows, and /health/ready still answers 200) while messages are parked,
/// so an operator looks at <c>GET /api/parked-messages</c>.
/// </summary>
internal sealed class ParkingHealthCheck(ParkingLot parking) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var parked = await parking.CountParked(cancellationToken);
            return parked == 0
                ? HealthCheckResult.Healthy("no parked messages")
                : HealthCheckResult.Degraded($"{parked} parked integration message(s): GET /api/parked-messages");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("parked messages unreadable", exception);
        }
    }
}
