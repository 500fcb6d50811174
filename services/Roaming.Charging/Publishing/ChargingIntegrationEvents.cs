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
            issued.Cdr.StartDateTime, issued.Cdr.EndDateTime, Roaming.Protocols.Ocpi.OcpiJson.Serialize(issued.Cdr)),
        Sessions.SessionStarted started => new ChargingSessionStarted(started.SessionId, started.CountryCode, started.PartyId,
            started.ChargePointId, started.TransactionId, started.LocationId, started.EvseUid, started.ConnectorId, started.TokenUid, started.StartedAt, started.MeterStartWh,
            started.OcpiAuthMethod, started.AuthorizationReference),
        Sessions.SessionProgressed progressed => new ChargingSessionProgressed(progressed.SessionId, progressed.CountryCode, progressed.PartyId,
            progressed.Kwh, progressed.Currency, progressed.TotalCost?.ExclVat, progressed.TotalCost?.InclVat,
            progressed.ChargingPeriods is null ? null : Roaming.Protocols.Ocpi.OcpiJson.Serialize(progressed.ChargingPeriods), progressed.At),
        Tariffs.TariffPublished published => new TariffChanged(published.Tariff.CountryCode, published.Tariff.PartyId, published.Tariff.Id,
            Roaming.Protocols.Ocpi.OcpiJson.Serialize(published.Tariff), false, published.Tariff.LastUpdated),
        Tariffs.TariffRemoved removed when removed.TariffKey.Split('*') is [var cc, var pid, var id] =>
            new TariffChanged(cc, pid, id, null, true, removed.RemovedAt),
        Reconciliation.PartnerCdrVerified verified => new PartnerCdrReconciled(verified.CountryCode, verified.PartyId, verified.CdrId,
            PartnerCdrOutcomes.Verified, [], null, verified.CheckedAt),
        Reconciliation.PartnerCdrDiscrepancyFound discrepancy => new PartnerCdrReconciled(discrepancy.CountryCode, discrepancy.PartyId,
            discrepancy.CdrId, PartnerCdrOutcomes.Discrepancy,
            discrepancy.Differences.Select(d => new PartnerCdrDifference(d.Total, d.Theirs, d.Ours)).ToList(), null, discrepancy.CheckedAt),
        Reconciliation.PartnerCdrNotReconciled notReconciled => new PartnerCdrReconciled(notReconciled.CountryCode, notReconciled.PartyId,
            notReconciled.CdrId, PartnerCdrOutcomes.NotReconciled, [], notReconciled.Reason, notReconciled.CheckedAt),
        _ => null,
    };
}
