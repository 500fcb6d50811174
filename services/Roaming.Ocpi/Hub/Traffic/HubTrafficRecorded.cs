using NodaTime;

namespace Roaming.Ocpi.Hub.Traffic;

/// <summary>What the hub did with one call, so that the clearing house can prove what it delivered.</summary>
public static class HubTrafficResults
{
    /// <summary>Sent on to the receiving party's platform; the status is the receiver's answer (or 4002/4003 when it gave none).</summary>
    public const string Forwarded = "forwarded";
    /// <summary>Answered by the hub itself (broadcast, its sender lists, CDRs, the OCHP bridge).</summary>
    public const string Hub = "hub";
    /// <summary>Refused by the routing (unknown or unconnected receiver, a party speaking for another, bad input); not forwarded.</summary>
    public const string Refused = "refused";

    public static readonly IReadOnlyList<string> All = [Forwarded, Hub, Refused];
}

/// <summary>
/// One call through the hub (stream <c>hub-traffic/{id}</c>, one per group commit of <see cref="HubTrafficLog"/>, so that
/// concurrent writers never contend and a call costs one event row, not also a stream row): who
/// called (platform and FROM party), for whom (TO party and the platform it went to), module, interface, method and object
/// (the path after the module), what became of it and the answer's HTTP and OCPI status, how long the hub took, the request id.
/// </summary>
public sealed record HubTrafficRecorded(
    string RequestId,
    string CorrelationId,
    string PlatformId,
    string ParticipantId,
    string From,
    string? To,
    string? ReceiverPlatformId,
    string Module,
    string InterfaceRole,
    string Method,
    string? ObjectId,
    string Result,
    int HttpStatus,
    int? OcpiStatus,
    string? Message,
    double DurationMs,
    Instant At)
{
    public static string NewStream() => $"hub-traffic/{Guid.CreateVersion7()}";
}
