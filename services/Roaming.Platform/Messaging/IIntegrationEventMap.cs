using JasperFx.Events;

namespace Roaming.Platform.Messaging;

/// <summary>
/// Maps a service's stored events to the versioned integration messages it publishes (never the stored event itself).
/// Registered once per store; <c>null</c> means the event stays internal.
/// </summary>
public interface IIntegrationEventMap<TStore>
{
    object? ToMessage(IEvent stored);
}
