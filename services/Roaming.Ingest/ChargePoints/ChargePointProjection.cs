using JasperFx.Events;
using Marten.Events.Aggregation;
using Roaming.Ingest.Transactions;

namespace Roaming.Ingest.ChargePoints;

/// <summary>Inline snapshot of <see cref="ChargePoint"/>, loaded when a charger connects.</summary>
public sealed class ChargePointProjection : SingleStreamProjection<ChargePoint, string>
{
    public ChargePointProjection()
    {
        // Only facts: the frame evidence streams must not produce snapshots.
        IncludeType<ChargePointRegistered>();
        IncludeType<TransactionStarted>();
        IncludeType<TransactionBegan>();
        IncludeType<TransactionTokenPresented>();
        IncludeType<ConnectorStatusReported>();
        IncludeType<RemoteStartRequested>();
        IncludeType<MeterValuesSampled>();
        IncludeType<TransactionStopped>();
    }

    public override ChargePoint Evolve(ChargePoint? snapshot, string id, IEvent e) =>
        ChargePoint.Fold(snapshot ?? new ChargePoint { Id = id }, e.Data);
}
