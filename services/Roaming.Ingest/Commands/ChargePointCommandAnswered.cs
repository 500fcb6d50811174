using NodaTime;

namespace Roaming.Ingest.Commands;

/// <summary>
/// The outcome of a CSMS→charger command (ChargePointCommandRequested): the charger's answer, or why there was none.
/// Recorded in the command's own stream; the outbox publishes it as ChargePointCommandCompleted.
/// </summary>
/// <param name="Status">One of <c>Roaming.Contracts.Ingest.V1.ChargePointCommandStatuses</c>.</param>
/// <param name="ResultJson">The charger's CALLRESULT payload, when it answered.</param>
public sealed record ChargePointCommandAnswered(
    Guid CommandId,
    string Kind,
    string? ChargePointId,
    string? Action,
    string Status,
    string? Detail,
    string? ResultJson,
    Instant AnsweredAt)
{
    public static string StreamFor(Guid commandId) => $"command/{commandId}";
}
