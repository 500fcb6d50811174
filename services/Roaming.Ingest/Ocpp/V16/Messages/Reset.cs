using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>Reset.req (CSMS → charge point).</summary>
public sealed record ResetRequest(
    [property: JsonPropertyName("type")] ResetType Type);

/// <summary>Reset.conf.</summary>
public sealed record ResetResponse(
    [property: JsonPropertyName("status")] ResetStatus Status);

public enum ResetType
{
    Hard,
    Soft,
}

public enum ResetStatus
{
    Accepted,
    Rejected,
}
