using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Roaming.Ingest.Diagnostics;

/// <summary>The process's garbage collector and thread pool at one moment, cumulative since it started.</summary>
public sealed record RuntimeReading(
    double GcPauseMsTotal, int Gen0Collections, int Gen1Collections, int Gen2Collections, long AllocatedBytes,
    bool ServerGc, long PendingWorkItems, int ThreadCount, long CompletedWorkItems)
{
    public static RuntimeReading Now() => new(
        GC.GetTotalPauseDuration().TotalMilliseconds, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
        GC.GetTotalAllocatedBytes(), System.Runtime.GCSettings.IsServerGC, ThreadPool.PendingWorkItemCount, ThreadPool.ThreadCount,
        ThreadPool.CompletedWorkItemCount);
}

/// <summary>What <c>GET /api/ingest/diagnostics</c> answers: the runtime and the frame journal, both cumulative.</summary>
public sealed record IngestDiagnosticsReading(RuntimeReading Runtime, JournalTimingsReading Journal, double[] BucketBoundsMs);

public static class IngestDiagnosticsEndpoint
{
    /// <summary>
    /// Operator-only readings for load tests and incident work: a reader takes one before and one after a period and
    /// subtracts, so it sees GC pauses, thread-pool backlog and journal queue/commit times of exactly that period.
    /// </summary>
    public static void MapIngestDiagnostics(this IEndpointRouteBuilder api) =>
        api.MapGet("/ingest/diagnostics", (JournalTimings journal) =>
            TypedResults.Ok(new IngestDiagnosticsReading(RuntimeReading.Now(), journal.Read(), JournalTimings.BoundsMs)))
            .WithName("IngestDiagnostics");
}
