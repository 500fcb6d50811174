using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Roaming.Audit.Checkpoints;

/// <summary>Signs checkpoints every <see cref="AuditOptions.CheckpointInterval"/> in the one process that runs the daemon.</summary>
public sealed class SignCheckpointsOnInterval(CheckpointSigner signer, IOptions<AuditOptions> options, ILogger<SignCheckpointsOnInterval> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await signer.SignChanged(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Signing checkpoints failed; retrying at the next interval");
            }
        }
    }
}
