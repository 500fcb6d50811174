using Marten;
using NodaTime;

namespace Roaming.Platform.Messaging.Parking;

public enum ParkedMessageStatus
{
    /// <summary>Waiting for an operator: replay or discard.</summary>
    Parked,

    /// <summary>A replay handled it.</summary>
    Resolved,

    /// <summary>An operator gave it up, with a reason; kept as the audit record.</summary>
    Discarded,
}

/// <summary>
/// A message one consumer could not handle on the embedded bus (after its retries), or one parked behind such a message
/// because it has the same ordering key (<see cref="ParkedBehind"/>, never attempted). One per consumer and message.
/// </summary>
public sealed record ParkedMessage
{
    public required Guid Id { get; init; }
    public required string Consumer { get; init; }

    /// <summary>Full name of the message type (as MassTransit and <c>contracts/</c> name it).</summary>
    public required string MessageType { get; init; }

    /// <summary>Type and assembly, to read <see cref="Payload"/> back.</summary>
    public required string MessageClrType { get; init; }

    /// <summary>The message as JSON (the broker's serialisation: NodaTime at full precision); JSON <c>null</c> once resolved.</summary>
    public required string Payload { get; init; }

    public required Guid MessageId { get; init; }
    public string? CorrelationId { get; init; }
    public string? OrderingKey { get; init; }
    public long Sequence { get; init; }
    public required ParkedMessageStatus Status { get; init; }

    /// <summary>The parked message of the same consumer and ordering key this one waits behind; null when it failed itself.</summary>
    public Guid? ParkedBehind { get; init; }

    /// <summary>The last failure: exception type and message.</summary>
    public string? Error { get; init; }

    public int Attempts { get; init; }
    public required Instant FirstFailedAt { get; init; }
    public required Instant LastFailedAt { get; init; }
    public Instant? ClosedAt { get; init; }
    public string? DiscardReason { get; init; }

    /// <summary>One record per consumer and message: a page published again after a crash parks nothing twice.</summary>
    public static Guid IdFor(string consumer, Guid messageId) => Identity.DeterministicGuid.From("parked-message", $"{consumer}/{messageId}");
}

/// <summary>The Platform schema's store: parked messages of every service's consumers, in one place for operators.</summary>
public interface IPlatformStore : IDocumentStore;
