using Marten;
using NodaTime;

namespace Roaming.Platform.Marten;

/// <summary>
/// Who caused the events appended in one session, and why: stored as Marten event metadata
/// (correlation, causation, and the actor and received time as headers).
/// </summary>
public sealed record EventContext(string Actor, Instant ReceivedAt, string? CorrelationId = null, string? CausationId = null)
{
    public const string ActorHeader = "actor";
    public const string ReceivedAtHeader = "received_at";

    public static EventContext Operator(Instant now, string? correlationId = null) => new("operator", now, correlationId);

    public static EventContext ChargePoint(string chargePointId, Instant receivedAt) => new($"charge-point:{chargePointId}", receivedAt);

    public static EventContext Message(string service, Guid? messageId, string? correlationId, Instant now) =>
        new($"system:{service}", now, correlationId, messageId?.ToString());
}

public static class EventContextExtensions
{
    public static T Stamp<T>(this T session, EventContext context) where T : IDocumentSession
    {
        session.CorrelationId = context.CorrelationId;
        session.CausationId = context.CausationId;
        session.SetHeader(EventContext.ActorHeader, context.Actor);
        session.SetHeader(EventContext.ReceivedAtHeader, context.ReceivedAt.ToString());
        return session;
    }
}
