using NodaTime;

namespace Roaming.Contracts.Charging.V1;

/// <summary>A charging session of our CPO party started (OCPI publishes it as an ACTIVE Session; the CDR completes it).</summary>
public sealed record ChargingSessionStarted(
    string SessionId,
    string CountryCode,
    string PartyId,
    string ChargePointId,
    string TransactionId,
    string LocationId,
    string EvseUid,
    string ConnectorId,
    string? TokenUid,
    Instant StartedAt,
    /// <summary>The meter register at the start, so readers can follow the energy of the running session from Ingest's meter values.</summary>
    decimal? MeterStartWh = null,
    /// <summary>OCPI auth_method (AUTH_REQUEST, COMMAND, WHITELIST); null from older producers means WHITELIST.</summary>
    string? AuthMethod = null,
    /// <summary>OCPI authorization_reference the e-MSP gave for this session, if any.</summary>
    string? AuthorizationReference = null);
