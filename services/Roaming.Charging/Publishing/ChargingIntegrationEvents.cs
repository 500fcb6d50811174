using JasperFx.Events;
using Roaming.Charging.Cdrs;
using Roaming.Contracts.Charging.V1;
using Roaming.Platform.Messaging;

namespace Roaming.Charging.Publishing;

public sealed class ChargingIntegrationEvents : IIntegrationEventMap<IChargingStore>
{
    public object? ToMessage(IEvent stored) => stored.Data switch
    {
        Cdrs.CdrIssued issued => new Contracts.Charging.V1.CdrIssued(issued.CdrId, issued.SessionId, issued.Cdr.CountryCode,
            issued.Cdr.PartyId, issued.Cdr.Currency, issued.Cdr.TotalEnergy, issued.Cdr.TotalCost.ExclVat, issued.Cdr.TotalCost.InclVat,
            issued.Cdr.StartDateTime, issued.Cdr.EndDateTime),
        _ => null,
    };
}
