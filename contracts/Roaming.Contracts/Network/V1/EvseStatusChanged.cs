using NodaTime;

namespace Roaming.Contracts.Network.V1;

/// <summary>
/// The live status of one EVSE of our CPO party changed, as derived from its charger's connector status
/// (OCPP StatusNotification). <paramref name="Status"/> is the OCPI 2.2.1 EVSE status (AVAILABLE, BLOCKED, CHARGING,
/// INOPERATIVE, OUTOFORDER, PLANNED, REMOVED, RESERVED, UNKNOWN). <paramref name="ReportedAt"/> is the charger's time,
/// <paramref name="ReceivedAt"/> when Ingest received the frame.
/// </summary>
public sealed record EvseStatusChanged(
    string CountryCode,
    string PartyId,
    string LocationId,
    string EvseUid,
    string? EvseId,
    string Status,
    Instant ReportedAt,
    Instant ReceivedAt);
