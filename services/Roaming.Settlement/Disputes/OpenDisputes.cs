using Marten;

namespace Roaming.Settlement.Disputes;

/// <summary>Whether a CDR is under an open dispute (while it is, nothing but the dispute's outcome releases it).</summary>
public static class OpenDisputes
{
    public static Task<bool> AnyFor(IQuerySession session, string operatorId, string cdrId, CancellationToken cancellation) =>
        session.Query<Dispute>().AnyAsync(d => d.CdrId == cdrId && d.OperatorId == operatorId && d.Status == DisputeStatuses.Open, cancellation);
}

public static class DisputeStatuses
{
    public const string Open = "open";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
}
