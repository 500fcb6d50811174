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
}
