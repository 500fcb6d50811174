using NodaTime;
using Roaming.Charging.Cdrs.Issuing;
using Roaming.Charging.Sessions;
using Roaming.Contracts.Ingest.V1;

namespace Roaming.Charging.Cdrs.Attention.Recording;

/// <summary>What Charging does with a stopped session whose connector has no tariff (<c>Roaming:Charging:UnpricedCdrs</c>).</summary>
public enum UnpricedCdrs
{
    /// <summary>Issue the CDR unpriced (total 0, remark "not priced"): free charging needs no tariff.</summary>
    Issue,
    /// <summary>Keep it as a CDR needing attention until an operator names the tariff to price it with.</summary>
    NeedsAttention,
}

/// <summary>Configuration section <c>Roaming:Charging</c>.</summary>
public sealed class CdrAttentionOptions
{
    public UnpricedCdrs UnpricedCdrs { get; set; } = UnpricedCdrs.Issue;
}

/// <summary>
/// Where a transaction would silently produce no complete CDR, the fact that keeps it (pure): a start on an unmapped
/// connector opens an item that follows the transaction's meter values and stop; a stopped session whose location,
/// connector or (by policy) tariff is unknown becomes an item instead of a CDR.
/// </summary>
public static class TransactionsNeedingAttention
{
    /// <summary>A start on an OCPP connector that is not mapped to an OCPI connector, once per transaction.</summary>
    public static CdrNeedsAttention? OnStarted(CdrAttentionItem? existing, ChargingTransactionStarted started, Instant now)
    {
        if (existing is not null || started.Connector is not null)
            return null;
        var sessionId = ChargingSession.IdFor(started.ChargePointId, started.TransactionId);
        var facts = new AttentionFacts(started.ChargePointId, started.TransactionId, null, started.OcppEvseId, started.OcppConnectorId, null, null, null,
            started.IdTag, started.AuthorizationStatus, started.AuthMethod, started.AuthorizationReference, started.MeterStartWh, started.ReportedAt,
            started.ReceivedAt, null, null, null, null);
        return new CdrNeedsAttention(CdrAttentionItem.IdFor(sessionId), AttentionReasons.ConnectorNotMapped,
            $"OCPP connector {started.OcppConnectorId} (EVSE {started.OcppEvseId}) of {started.ChargePointId} is not mapped to an OCPI connector: "
            + "no session was opened. Name the location, EVSE and connector to issue its CDR.", facts, now);
    }

    /// <summary>Meter values for a transaction whose item is still waiting for its stop.</summary>
    public static AttentionSamplesRecorded? OnMeterValues(CdrAttentionItem? item, MeterValuesReported reported) =>
        item is { State: AttentionStates.Open, Stopped: false }
            ? new AttentionSamplesRecorded(item.Id,
                reported.Samples.Select(s => new MeterSampleRecorded(s.ReportedAt, s.Measurand, s.Phase, s.Context, s.Value, s.Unit, s.SignedData)).ToList(),
                reported.ReceivedAt)
            : null;

    /// <summary>The stop of a transaction whose item is still waiting for it (a repeated stop changes nothing).</summary>
    public static AttentionTransactionStopped? OnStopped(CdrAttentionItem? item, ChargingTransactionStopped stopped) =>
        item is { State: AttentionStates.Open, Stopped: false }
            ? new AttentionTransactionStopped(item.Id, stopped.MeterStopWh, stopped.ReportedAt, stopped.ReceivedAt, stopped.Reason,
                stopped.MeterWentBackwards || stopped.MeterStopWh < item.Facts.MeterStartWh, stopped.ClosedBySweep)
            : null;

    /// <summary>Why the CDR of an ended session would not be complete (null: issue it).</summary>
    public static (string Reason, string Text)? WhyIncomplete(ChargingSession ended, CdrInputs? inputs, UnpricedCdrs unpriced)
    {
        var started = ended.Started;
        if (inputs is null)
            return (AttentionReasons.LocationUnknown,
                $"Location {started.LocationId} is unknown to Charging. Complete once Network publishes it, or name another location.");
        if (inputs.Location.Find(started.EvseUid, started.ConnectorId) is null)
            return (AttentionReasons.ConnectorUnknown,
                $"Location {started.LocationId} has no EVSE {started.EvseUid} with connector {started.ConnectorId}. Name the EVSE and connector.");
        if (ended is { LastEnergyReading: null, Started.MeterStartWh: 0m, Ended.MeterStopWh: 0m })
            return (AttentionReasons.MeterValuesMissing,
                "The charger reported no energy reading for this session (no register sample, meter start and stop 0). Give the meter readings.");
        if (inputs.Tariff is null && unpriced == UnpricedCdrs.NeedsAttention)
            return (AttentionReasons.TariffMissing,
                $"Connector {started.ConnectorId} of EVSE {started.EvseUid} has no tariff valid at {started.StartedAt}. Name the tariff to price it with.");
        return null;
    }

    /// <summary>The item of an ended session, with every fact the session knows.</summary>
    public static CdrNeedsAttention ForSession(ChargingSession ended, (string Reason, string Text) why, Instant now)
    {
        var started = ended.Started;
        var end = ended.Ended ?? throw new InvalidOperationException($"session {ended.Id} has not ended");
        var facts = new AttentionFacts(started.ChargePointId, started.TransactionId, ended.Id, null, null, started.LocationId, started.EvseUid,
            started.ConnectorId, started.TokenUid, started.AuthorizationStatus, started.AuthMethod, started.AuthorizationReference, started.MeterStartWh,
            started.StartedAt, started.ReceivedAt, end.MeterStopWh, end.EndedAt, end.ReceivedAt, end.Reason, end.MeterWentBackwards, end.ClosedBySweep);
        return new CdrNeedsAttention(CdrAttentionItem.IdFor(ended.Id), why.Reason, why.Text, facts, now);
    }
}
