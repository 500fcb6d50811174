using JasperFx.Events;
using Roaming.Platform.Messaging;
using Roaming.Settlement.Statements;
using V1 = Roaming.Contracts.Settlement.V1;

namespace Roaming.Settlement;

/// <summary>What Settlement tells other services: every issued statement (<c>Settlement.V1.StatementIssued</c>).</summary>
public sealed class SettlementIntegrationEvents : IIntegrationEventMap<ISettlementStore>
{
    public object? ToMessage(IEvent stored) => stored.Data switch
    {
        StatementClosed { Statement: var s } closed => new V1.StatementIssued(s.Id, s.InvoiceNumber, s.OperatorId, s.ProviderId, s.IssuerId, s.Billing,
            s.Period, s.Currency, s.Totals.ExclVat, s.Totals.InclVat, [.. s.Lines.Select(l => l.CdrId).Distinct()], closed.At),
        _ => null,
    };

    public IReadOnlyCollection<Type>? PublishedEventTypes { get; } = [typeof(StatementClosed)];
}
