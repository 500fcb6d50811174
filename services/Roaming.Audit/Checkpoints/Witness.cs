using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Roaming.Audit.Checkpoints;

/// <summary>
/// Hands every checkpoint to someone outside the database (an append-only file on other storage, or an HTTP
/// endpoint), so that whoever controls the database cannot quietly re-sign a rewritten history.
/// A witness outage is logged and does not stop signing; the checkpoint is still in the audit store.
/// </summary>
public sealed class Witness(IOptions<AuditOptions> options, IHttpClientFactory http, ILogger<Witness> logger)
{
    private static readonly SemaphoreSlim FileLock = new(1, 1);

    public async Task Publish(CheckpointSigned checkpoint, CancellationToken cancellation)
    {
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.WitnessFile))
            await AppendToFile(settings.WitnessFile, checkpoint, cancellation);
        if (!string.IsNullOrWhiteSpace(settings.WitnessUrl))
            await Post(settings.WitnessUrl, checkpoint, cancellation);
    }

    private async Task AppendToFile(string path, CheckpointSigned checkpoint, CancellationToken cancellation)
    {
        await FileLock.WaitAsync(cancellation);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.AppendAllTextAsync(path, JsonSerializer.Serialize(checkpoint, AuditJson.Options) + "\n", cancellation);
        }
        catch (IOException exception)
        {
            logger.LogError(exception, "Witness file {Path} did not take checkpoint {Service}@{Size}", path, checkpoint.Service, checkpoint.TreeSize);
        }
        finally
        {
            FileLock.Release();
        }
    }

    private async Task Post(string url, CheckpointSigned checkpoint, CancellationToken cancellation)
    {
        try
        {
            using var response = await http.CreateClient(nameof(Witness)).PostAsJsonAsync(url, checkpoint, AuditJson.Options, cancellation);
            response.EnsureSuccessStatusCode();
        }
        catch (HttpRequestException exception)
        {
            logger.LogError(exception, "Witness {Url} did not take checkpoint {Service}@{Size}", url, checkpoint.Service, checkpoint.TreeSize);
        }
    }
}
