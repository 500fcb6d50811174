using JasperFx.Events;
using Roaming.Platform.Messaging;

namespace Roaming.Settlement;

/// <summary>What Settlement tells other services: every issued statement (<c>Settlement.V1.StatementIssued</c>).</summary>
public sealed class SettlementIntegrationEvents : IIntegrationEventMap<ISettlementStore>
{
    public object? ToMessage(IEvent stored) => null;

    public IReadOnlyCollection<Type>? PublishedEventTypes { get; } = [];
}
