using JasperFx.Events;

namespace Roaming.Platform.Messaging;

/// <summary>
/// Maps a service's stored events to the versioned integration messages it publishes (never the stored event itself).
/// Registered once per store; <c>null</c> means the event stays internal. A map implements one of the two members:
/// <see cref="ToMessage(IEvent)"/> when the event alone is enough, <see cref="ToMessageAsync"/> when building the
/// message needs I/O (personal data stored encrypted, revealed from the subject key vault).
/// </summary>
public interface IIntegrationEventMap<TStore>
{
    object? ToMessage(IEvent stored) => throw new NotSupportedException($"{GetType().Name} maps events with ToMessageAsync");

    ValueTask<object?> ToMessageAsync(IEvent stored, CancellationToken cancellation) => ValueTask.FromResult(ToMessage(stored));

    /// <summary>
    /// The stored event types this map can turn into a message, or null for "any". When given, the outbox reads only
    /// these from the event store (a type filter in the daemon's query), so a log mostly made of internal events (Ingest's
    /// recorded frames: two of every three events) is not loaded and deserialised just to be dropped. Every type the
    /// map publishes must be listed: an unlisted one is never published.
    /// </summary>
    IReadOnlyCollection<Type>? PublishedEventTypes => null;
}
