using System.Text.Json.Serialization;

namespace Roaming.Ingest.Ocpp.V16.Messages;

/// <summary>Heartbeat.req: <c>{}</c>.</summary>
public sealed record HeartbeatRequest;

/// <summary>Heartbeat.conf: the CSMS clock, which the charge point syncs to.</summary>
public sealed record HeartbeatResponse(
    [property: JsonPropertyName("currentTime")] DateTimeOffset CurrentTime);
