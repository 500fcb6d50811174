namespace Roaming.Contracts.Ingest.V1;

/// <summary>The OCPI connector an OCPP connector is registered as (location, EVSE uid, connector id).</summary>
public sealed record ConnectorReference(string LocationId, string EvseUid, string ConnectorId);
