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

    /// <summary>
    /// An event carrying its own context, for a session that appends on behalf of several messages (a batch consumer):
    /// each event keeps the correlation and causation of the message that caused it.
    /// </summary>
    public static JasperFx.Events.IEvent Stamped(this IDocumentSession session, object data, EventContext context)
    {
        var stored = session.Events.BuildEvent(data);
        stored.CorrelationId = context.CorrelationId;
        stored.CausationId = context.CausationId;
        stored.SetHeader(EventContext.ActorHeader, context.Actor);
        stored.SetHeader(EventContext.ReceivedAtHeader, context.ReceivedAt.ToString());
        return stored;
    }
}
