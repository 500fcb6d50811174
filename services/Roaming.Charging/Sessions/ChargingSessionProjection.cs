using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Roaming.Charging.Sessions;

/// <summary>
/// Inline: the session state is read back when the next message for the session arrives. The document keeps no samples
/// (<see cref="ChargingSession.WithoutSamples"/>): they stay in the stream, so a reading's write does not grow with the session.
/// </summary>
public sealed class ChargingSessionProjection : SingleStreamProjection<ChargingSession, string>
{
    public ChargingSessionProjection()
    {
        IncludeType<SessionStarted>();
        IncludeType<MeterSamplesRecorded>();
        IncludeType<ConnectorStatusRecorded>();
        IncludeType<SessionEnded>();
        IncludeType<SessionProgressed>();
        IncludeType<SessionCorrected>();
    }

    public override ChargingSession? Evolve(ChargingSession? snapshot, string id, IEvent e) =>
        e.Data is SessionStarted started ? ChargingSession.Begin(started)
        : snapshot is null ? null
        : ChargingSession.Fold(snapshot, e.Data).WithoutSamples();
}
