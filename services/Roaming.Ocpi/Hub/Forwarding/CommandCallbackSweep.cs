using Marten;
using Marten.Linq.MatchesSql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Roaming.Ocpi.Transport;

namespace Roaming.Ocpi.Hub.Forwarding;

/// <summary>
/// Removes the command callbacks no CPO posted to within <see cref="HubOptions.CommandCallbackLifetime"/>, so that they do
/// not pile up (a CPO that never answers is normal in OCPI: the e-MSP applies its own timeout). Hourly, and at start.
/// Until it runs, an expired callback is still refused at use (<see cref="CommandCallbacks"/>); removing is only tidying.
/// </summary>
public sealed class CommandCallbackSweep(IOcpiStore store, IClock clock, IOptions<OcpiOptions> options, ILogger<CommandCallbackSweep> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int Batch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                try
                {
                    await Sweep(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogError(exception, "Sweeping expired hub command callbacks failed; trying again in {Interval}", Interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Deletes every callback created before now minus the lifetime; answers how many.</summary>
    public async Task<int> Sweep(CancellationToken cancellation)
    {
        var cutoff = (clock.GetCurrentInstant() - Duration.FromTimeSpan(options.Value.Hub.CommandCallbackLifetime)).ToDateTimeOffset();
        var removed = 0;
        while (true)
        {
            await using var session = store.LightweightSession();
            // createdAt is stored as an ISO instant; compared as a timestamp, every callback ever stored is covered.
            var expired = await session.Query<HubCommandCallback>().Where(c => c.MatchesSql("(data ->> 'createdAt')::timestamptz < ?", cutoff))
                .Select(c => c.Id).Take(Batch).ToListAsync(cancellation);
            foreach (var id in expired)
                session.Delete<HubCommandCallback>(id);
            await session.SaveChangesAsync(cancellation);
            removed += expired.Count;
            if (expired.Count < Batch)
                break;
        }
        if (removed > 0)
            logger.LogInformation("Removed {Count} hub command callbacks older than {Lifetime}", removed, options.Value.Hub.CommandCallbackLifetime);
        return removed;
    }
}
