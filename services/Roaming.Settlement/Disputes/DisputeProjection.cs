using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Roaming.Settlement.Disputes;

/// <summary>The dispute as the API and the period close read it (inline: a second dispute on the same CDR must see the first at once).</summary>
public sealed class DisputeProjection : SingleStreamProjection<Dispute, string>
{
    public DisputeProjection()
    {
        IncludeType<DisputeOpened>();
        IncludeType<DisputeResolved>();
        IncludeType<DisputeReportedOnStatement>();
    }

    public override Dispute? Evolve(Dispute? snapshot, string id, IEvent e) => Next(snapshot, e.Data);

    public static Dispute? Next(Dispute? dispute, object @event)
    {
        switch (@event)
        {
            case DisputeOpened opened:
                return new Dispute
                {
                    Id = opened.DisputeId, OperatorId = opened.OperatorId, ProviderId = opened.ProviderId, CdrId = opened.CdrId, StatementId = opened.StatementId,
                    LineNumber = opened.LineNumber, Reason = opened.Reason, Evidence = opened.Evidence, Status = DisputeStatuses.Open, OpenedBy = opened.Actor,
                    OpenedAt = opened.At,
                };
            case DisputeResolved resolved when dispute is not null:
                dispute.Status = resolved.Outcome;
                // What the statement prints as the outcome: the resolver's note, else the outcome itself.
                dispute.Outcome = string.IsNullOrWhiteSpace(resolved.Note) ? resolved.Outcome : resolved.Note;
                dispute.ResolvedBy = resolved.Actor;
                dispute.ResolvedAt = resolved.At;
                return dispute;
            case DisputeReportedOnStatement reported when dispute is not null:
                dispute.ReportedOnStatementId = reported.StatementId;
                dispute.ReportedStatus = reported.Status;
                return dispute;
            default:
                return dispute;
        }
    }
}
