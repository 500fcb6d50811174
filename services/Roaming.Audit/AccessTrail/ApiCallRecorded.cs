using NodaTime;

namespace Roaming.Audit.AccessTrail;

/// <summary>One call of the operator or partner API: who, what, when, and how it ended. Stream <c>access-log:&lt;UTC date&gt;</c>.</summary>
public sealed record ApiCallRecorded(
    string Actor,
    string Method,
    string Path,
    int Status,
    Instant At,
    long DurationMs,
    string? RemoteAddress,
    string? TraceId)
{
    public static string StreamKey(Instant at) => $"access-log:{at.InUtc().Date:yyyy-MM-dd}";
}
