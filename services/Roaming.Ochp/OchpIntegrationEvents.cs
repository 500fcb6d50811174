using JasperFx.Events;
using Roaming.Platform.Messaging;

namespace Roaming.Ochp;

/// <summary>A part of the OCHP service that publishes integration messages from its own events (the client roles do).</summary>
public interface IOchpMessageSource
{
    IReadOnlyCollection<Type> PublishedEventTypes { get; }

    object? ToMessage(IEvent stored);
}

/// <summary>
/// What the OCHP service tells other services, from its event log (the outbox): the messages of every
/// <see cref="IOchpMessageSource"/> registered, so each part adds its own without one central list. Register it (with
/// <c>TryAdd</c>) before the store, which adds the outbox only when a map exists.
/// </summary>
public sealed class OchpIntegrationEvents(IEnumerable<IOchpMessageSource> sources) : IIntegrationEventMap<IOchpStore>
{
    private readonly IReadOnlyList<IOchpMessageSource> _sources = sources.ToList();

    public object? ToMessage(IEvent stored) => _sources.Select(source => source.ToMessage(stored)).FirstOrDefault(message => message is not null);

    public IReadOnlyCollection<Type>? PublishedEventTypes => _sources.SelectMany(source => source.PublishedEventTypes).Distinct().ToList();
}
