using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Roaming.Charging.Sessions;

/// <summary>Inline: the session state is read back when the next message for the session arrives.</summary>
public sealed class ChargingSessionProjection : SingleStreamProjection<ChargingSession, string>
{
    public ChargingSessionProjection()
    {
        IncludeType<SessionStarted>();
        IncludeType<MeterSamplesRecorded>();
        IncludeType<ConnectorStatusRecorded>();
        IncludeType<SessionEnded>();
        IncludeType<SessionProgressed>();
    }

    public override ChargingSession? Evolve(ChargingSession? snapshot, string id, IEvent e) =>
        e.Data is SessionStarted started ? ChargingSession.Begin(started)
        : snapshot is null ? null
        : ChargingSession.Fold(snapshot, e.Data);
}
