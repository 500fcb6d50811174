using NodaTime;

namespace Roaming.Ingest.Recording;

public enum FrameDirection
{
    FromChargePoint,
    ToChargePoint,
}

/// <summary>
/// Evidence: one OCPP-J frame as it was on the wire, in the charge point's frame stream (<see cref="FrameStreams"/>).
/// Kept apart from the charge point's fact stream so that the evidence log can grow without slowing the state snapshot.
/// </summary>
public sealed record OcppFrameRecorded(
    string ChargePointId,
    Guid ConnectionId,
    FrameDirection Direction,
    string? MessageId,
    string Raw,
    Instant At);

public static class FrameStreams
{
    public static string For(string chargePointId) => $"{chargePointId}/frames";
}
